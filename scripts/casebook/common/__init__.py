"""What every phase uses: problems with file:line (``problems``), site
addresses (``urls``), figures as written (``numbers``), work in forked
processes (``forking``) and jieba-compatible word segmentation (``wordcut``)."""
