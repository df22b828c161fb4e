"""``casebook import``: from a saved web article to a cleaned text and a draft case.

One module per step, run in this order by ``cli.py``:

1. ``source``   read the file, find its encoding; ``html`` turns a saved page into lines
2. ``mojibake`` repair text decoded with the wrong encoding, flag what cannot be repaired
3. ``script``   remove inline pinyin annotations; traditional -> simplified (OpenCC t2s)
4. ``clean``    sort lines into title / metadata / article / page furniture
5. ``meta``     title, date, authors, publisher, outlet and kind of the source
6. ``figures``  every number with its unit and the sentence it sits in
7. ``suggest``  themes and glossary terms from the vocabulary; near-duplicate cases
8. ``draft``    the draft case YAML, rendered by ``casebook.authoring.scaffold`` from the schema
9. ``report``   the Chinese report printed at the end

Helpers: ``lines`` (the Line and Note records), ``chars`` (how common a
character is), ``nlp`` (the one jieba tokenizer and TF-IDF extractor).

Nothing is dropped without being listed in the report: every removed line is
named with its line number and the reason; lines the rules are unsure about
are kept and listed for a person to decide.
"""
