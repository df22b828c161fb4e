"""The words the cleaner recognises, in simplified characters (lines are matched in simplified form).

They are vocabularies, not rules: each module decides with them together with
a line's shape (length, punctuation, position, repetition). Everything here is
a word that pages of many kinds share; nothing names one site.
"""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(sorted(set(text.split()), key=len, reverse=True))


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --- labels of metadata ("来源：", "浏览次数：") --------------------------------------------
DATE_LABELS = _words("posted 发布时间 发布日期 发表时间 发表日期 发稿时间 发文日期 成文日期 时间 日期 发布于 上传时间 上传日期 更新时间 更新日期 创建时间 刊发日期 见报日期 出版日期")
SOURCE_LABELS = _words("期刊 刊名 信息来源 稿件来源 文章来源 新闻来源 来源 来自 出处 原载 原文出处 刊载 转载自 转自 选自 刊于 载于")
OUTLET_LABELS = _words("期刊 刊名 原载 原文出处 转载自 转自 选自 刊于 载于 刊载")
AUTHOR_LABELS = _words("作者 作者姓名 撰稿 撰文 撰稿人 供稿 文 记者 通讯员 发布人 发布者 发布机构 发文机构 发布单位 作者单位 单位")
EDITOR_LABELS = _words("责任编辑 责编 编辑 审核 审校 校对 终审 初审 复审 监制 摄影 图片 美编 编审 值班编辑")
COUNTER_LABELS = _words("阅 转 评 赞 藏 查看 回复 评分 被引 访问次数 浏览次数 点击次数 阅读次数 点击数 阅读数 浏览数 访问量 浏览量 阅读量 点击量 下载量 下载次数 被引量 被引次数 引用次数 评论数 收藏数 点赞数 转载数 浏览 阅读 点击 访问 下载 评论 收藏 点赞 转载 喜欢 人气 热度 字数 分享 推荐")
SITE_INFO_LABELS = _words(
    "索引号 文号 发文字号 主题分类 体裁分类 服务对象分类 公开方式 公开范围 公开时限 有效性 信息分类 组配分类 所属机构 识别码 文章编号 文档编号 资源编号 资源ID "
    "上传人 上传者 上传用户 贡献者 提问者 回答者 回答时间 提问时间 采纳率 擅长领域 格式 页数 文档页数 全文页数 大小 资源大小 文件大小 资源格式 下载积分 价格 售价 "
    "签名 个性签名 文档名称 文档格式 文档星级 文档分类 文件格式 基金资助 基金 专辑 专题 在线公开时间 出版日期 来自专辑 悬赏 "
    "抄送 抄报 印发 主送 分送 报送 报 送 发 分类号 中图分类号 文献标识码 文献标志码 文献编码 DOI 基金项目 标签 TAG 分类 所属分类 栏目 所属栏目 语音阅读 字号 字体"
)
KEYWORD_LABELS = _words("原标题 副标题 机构 作者机构 关键词 关键字 主题词 摘要 内容摘要 内容提要 提要 导语 导读 核心提示 作者简介")
META_LABELS = DATE_LABELS + SOURCE_LABELS + AUTHOR_LABELS + EDITOR_LABELS + COUNTER_LABELS + SITE_INFO_LABELS + KEYWORD_LABELS

# --- page furniture ----------------------------------------------------------------------------
# Words that are buttons, links or widgets when a line is made of nothing else.
BUTTONS = _words(
    "手机版 电脑版 网站首页 返回首页 首页 关灯 开灯 开启左侧 关闭左侧 登录 立即注册 注册 退出 找回密码 排行榜 作者专栏 网站地图 联系我们 "
    "设为首页 加入收藏 收藏本站 收藏 打印本页 打印此页 打印 我要纠错 纠错 关闭窗口 关闭本页 关闭 返回顶部 回到顶部 返回列表 返回 顶部 TOP "
    "分享到 分享 转发 点赞 评论 举报 在看 赞 喜欢 转载 字号 默认 繁体 简体 繁體 English 无障碍 长者模式 站内搜索 搜索 复制链接 "
    "显示全部楼层 只看该作者 倒序浏览 阅读模式 使用道具 快速回复 回复 楼主 沙发 板凳 地板 电梯直达 发表回复 "
    "微信扫一扫 扫一扫 微信 微博 QQ空间 QQ 朋友圈 收听本文 朗读 播放 暂停 上一主题 下一主题 本版积分规则 订阅 RSS APP下载 下载APP 打开APP "
    "放大 缩小 上一版 下一版 上一期 下一期 版面导航 标题导航 往期回顾 下载 相关 资源描述 下载资源 文档简介 继续阅读 展开全文 展开全部 收起 "
    "阅读原文 写留言 知道了 取消 确定 更多 更多>> 查看更多 点击查看更多 赠金笔 已投稿到 采纳 提问者采纳 已赞过 已踩过 换一换 × X ▼ ▲ "
    "最佳解答 满意解答 推荐解答 关注 反馈 引用 刷新评论 刷新页面 END —END— 完 （完） (完) 全文完 满意回答 献花 转藏 转藏到我的图书馆 关注者 被浏览 赞同 反对 感谢 添加评论 写回答 邀请回答 关注问题 好问题 默认排序 按时间排序 继续浏览内容 只看楼主 收起回复 "
    "最佳答案 推荐答案 满意答案 优质解答 网友采纳 专业回答 语音阅读正文 语音阅读 语音播报 听全文 我要投稿 投稿须知 投稿 我有话说 投诉建议 我要评论 我要留言 推荐给朋友 发送给朋友 复制网址 复制链接地址"
)
# Widgets: a line that is not a sentence and has one of these is page furniture.
WIDGET_PHRASES = _words(
    "点个在看 点亮在看 分享给更多人 点个赞 打开APP 下载APP 客户端 写下你的评论 写评论 "
    "扫描二维码 扫码关注 扫码阅读 扫描到手机 手机扫码 手机阅读 在手机打开 手机打开当前页 用微信扫描 长按识别二维码 长按二维码 识别二维码 点击蓝字 关注我们 关注该公众号 "
    "继续滑动看下一个 向上滑动看下一个 轻触阅读原文 喜欢此内容的人还喜欢 轻点两下取消 微信扫一扫 分享至 一键分享 阅读原文 "
    "您需要登录 登录后才能 请先登录 你对这个回答的评价 本回答由 问题补充 追问 采纳率 擅长领域 "
    "技术支持 Powered by 主办单位 承办单位 协办单位 运营中心 网站标识码 备案号 ICP备 ICP证 公网安备 热门标签 相关标签 相关搜索 热门搜索"
)
# Notices of the site about itself (copyright, uploads, paywalls): page furniture even as a sentence.
NOTICE_PHRASES = _words(
    "版权说明 版权声明 免责声明 侵权 不代表本站 不代表本网 不代表本平台 本站观点 本网观点 本站立场 本网立场 来源于网友上传 网友上传 用户上传 由会员分享 会员上传 "
    "由用户提供 内容提供方 请进行举报 联系客服 咨询客服 客服老师 若需要原创 如有侵权 请联系删除 转载请注明 未经授权 未经许可 未经书面授权 不得转载 禁止转载 "
    "版权所有 版权归 Copyright 全文共 当前显示 未完 付费内容 付费阅读 登录后阅读 登录后查看 购买后阅读 开通会员 加入VIP 会员免费 继续免费阅读 免费阅读全文 "
    "此件公开发布 此件不公开 此件依申请公开 预览全文已结束 请下载后阅读 阅读已结束 下载本文 本文档由 还剩 页未读 继续阅读 阅读全文 下载本文档 下载文档 立即下载 免费下载 全文下载 下载此文档 全文预览已结束 预览已结束 仅供参考 仅供学习"
)
# The first line of what follows an article: links to other pages, comments, replies, copyright.
FOOTER_PHRASES = _words(
    "上一篇 下一篇 上一条 下一条 上篇 下篇 前一篇 后一篇 相关文档 类似文章 相似文献 引证文献 条回答 其他解答 其他答案 推荐访问 推荐阅读 相关阅读 相关文章 相关新闻 相关范文 相关资源 相关文献 相关问题 相关链接 延伸阅读 "
    "热门文章 热点推荐 猜你喜欢 精彩推荐 最新文章 热门推荐 往期推荐 往期回顾 为您推荐 你可能感兴趣 你可能喜欢 本版新闻 本版其他新闻 其他回答 更多回答 "
    "网友评论 发表评论 我要评论 评论列表 最新评论 热门评论 发表回复 您需要登录 本版积分规则 阅读原文 喜欢此内容的人还喜欢 继续免费阅读 下载本文档 "
    "版权所有 Copyright 免责声明 版权声明 版权说明 ICP备 公网安备 备案号"
)
# Words by which a page speaks about itself, not about the article's subject.
SITE_SELF = _words(
    "本站 本网 本平台 本文档 本文件 本资源 网友 网站 用户 会员 VIP 客服 下载 上传 侵权 版权 免责 登录 注册 付费 积分 金币 举报 认领 收益 转载 授权 "
    "观点 参考 原创 文档 预览 阅读 全文 APP 微信 公众号 二维码 手机"
)

# --- injected spam --------------------------------------------------------------------------
# Link text injected by spam networks; the first group is almost never in an article.
SPAM_STRONG = _words(
    "无码 有码 人妻 熟女 少妇 午夜 毛片 黄片 三级片 成人 福利 偷拍 自拍 乱伦 内射 高潮 av AV 国产精品 久久 精品国产 一区二区 二区 三区 日韩 欧美色 亚洲色 "
    "波多野 苍井 蜜臀 婷婷 九九 99热 jizz JIZZ porn 色片 色情 黄色视频 在线观看 免费观看 视频在线 "
    "百家乐 娱乐城 真人娱乐 葡京 新葡京 威尼斯人 太阳城 时时彩 六合彩 博彩 赌场 棋牌 老虎机 体育投注 网投 彩票开户 开户送 注册送 菠菜"
)
SPAM_WEAK = _words("国产 精品 亚洲 欧美 日本 视频 在线 免费 高清 澳门 彩票 投注 娱乐 平台 开户")

# --- people ---------------------------------------------------------------------------------
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = _words("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 西门 南宫")
NOT_NAMES = frozenset(_words(
    "关注 关于 关闭 佚名 匿名 未知 不详 网友 网络 本站 本网 编辑 记者 管理员 admin 小编 作者 来源 原创 转载 投稿 组织部 宣传部 党委 办公室 "
    "首页 正文 要闻 新闻 党建 时政 评论 专题 视频 图片 关于 联系 我们 更多 推荐 热点 通知 公告 动态 工作 "
    "基层 党员 干部 群众 组织 建设 制度 发展 社会 政治 经济 文化 教育 管理 服务 治理 改革 创新 领导 人民 中国 国家"
))
# Words before names in a byline: 本报记者 赵文海 通讯员 孙晴
BYLINE_ROLES = _words("本报记者 本报通讯员 本刊记者 本刊通讯员 特约记者 见习记者 实习生 首席记者 记者 通讯员 撰文 执笔 整理 口述 图/文 文/图 图文 文 图 作者 编者 特约撰稿人")

# Labels of one character count only before a number (阅：1283), else they are words (转：某县……).
SHORT_COUNTERS = tuple(w for w in COUNTER_LABELS if len(w) == 1)

# The site's records of a file or a question, as opposed to the article's own dates, sources and authors:
# a metadata line with more of these than of the article's facts is the site's record (removed, still read).
RECORD_LABELS = frozenset(_words(
    "上传人 上传者 上传用户 贡献者 提问者 回答者 采纳率 擅长领域 悬赏 文档编号 资源编号 资源ID 识别码 文章编号 格式 页数 文档页数 全文页数 大小 资源大小 "
    "文件大小 资源格式 文档格式 文件格式 文档星级 下载积分 价格 售价 索引号 文号 发文字号 有效性 公开方式 公开范围 公开时限"
))
