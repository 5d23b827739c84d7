"""Word lists the rules read: comparators, target markers, verbs, scope words.

General Chinese statistical vocabulary only — never phrases copied from one document. Keep each list ordered
longest first where a regex alternation is built from it.
"""

from __future__ import annotations

import re

# Comparator words written before a number, with the comparator they imply.
PREFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("不少于", ">="),
    ("不低于", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("多于", ">"),
    ("超过", ">"),
    ("突破", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("逾", ">"),
    ("超", ">"),
    ("过", ">"),
    ("上", ">="),  # 上万人
    ("大约", "~"),
    ("接近", "~"),
    ("将近", "~"),
    ("近", "~"),
    ("约", "~"),
    ("不到", "<"),
    ("不足", "<"),
    ("低于", "<"),
)

# Comparator words written after the number and unit.
SUFFIX_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("以上", ">="),
    ("及以上", ">="),
    ("以下", "<="),
    ("以内", "<="),
    ("左右", "~"),
    ("上下", "~"),
)

# Words that make a statement a target (plan, goal, forecast) anywhere earlier in its sentence…
TARGET_MARKERS = ("力争", "预计", "预期", "争取", "确保", "有望", "拟", "将", "努力", "力求", "计划于")
# programmes named or counted (承担省级科技计划29项, 科技计划项目): 计划 names them, no plan (计划2025年投产 is one)
_PROGRAMMES_COUNTED = r"|\s*[0-9０-９一二两三四五六七八九十百]+\s*[项个批类]"
_PROGRAMME = r"(?<!科技)(?<!研发)(?<!专项)(?<!人才)"
# a goal reached (实现稳产目标, 完成年度目标, 达到预期目标) is no goal set: fixed-width look-behinds, one per length,
# written after 目标 so that they are tried only where it stands
_HAN = r"[\u4e00-\u9fff]"
_GOAL_REACHED = "".join(f"(?<!{verb}{_HAN * k}目标)" for verb in ("实现", "完成", "达到", "达成") for k in range(5))
# (a mirror's pinyin, blanked to \x1f in the reading view, may stand between the characters: 預(yu)計)
# progress judged against expectations (符合预期, 快于预期, 超过预期) states how things went, and 人均预期寿命 is life
# expectancy: neither sets a goal
_JUDGED_BY = ("符合", "超过", "超出", "快于", "好于", "高于", "低于", "慢于", "不及", "超")
_JUDGED = "".join(f"(?<!{verb})" for verb in _JUDGED_BY)
_TARGET = (
    "|".join(f"{_JUDGED}预\x1f*期(?!\x1f*寿)" if word == "预期" else "\x1f*".join(word) for word in TARGET_MARKERS)
    + r"|目标"
    + _GOAL_REACHED
    + r"(?![导任体”\"])|(?<![”\"])"
    + _PROGRAMME
    + r"计划(?![”\"》示项书单，。；、,]"
    + _PROGRAMMES_COUNTED
    + r")|(?:建成|投产|达产|完成|实施)后|可实现|可达"
)
# …and words that do so only in the number's own clause (计划/目标 also name programmes: 强基应用计划示范项目).
_CLAUSE_TARGET = (
    r"(?:" + _PROGRAMME + r"计划|目标" + _GOAL_REACHED + r"|规划)(?![”》\"示项任体导]" + _PROGRAMMES_COUNTED + ")"
)
# 将 after these characters is not the future marker (即将 is, and is kept, but not before the end of a period:
# 即将收官, 即将结束 set no goal for the figures after them).
NOT_FUTURE_JIANG = re.compile(r"(?<=[把])将|将(?=[其我该此这])|将(?=收官|结束|到期|届满|期满)")

# Words that mark an achieved fact even in plan mood.
_ACTUAL_MARKERS = r"已经|已|累计|以来|先后|去年|上年|同比|截至|截止|(?<![为除])了"

# The same lists written so that every word opens with its first character, the look-behinds after it: the regex
# engine then skips to the positions holding one of those characters, as it does for a character class, instead of
# entering the pattern at every character (a look-ahead guard cannot give it that; test_scanner checks both forms find
# the same words).
_AFTER_FIRST = {
    "target": "|".join(
        f"预{''.join(f'(?<!{verb}预)' for verb in _JUDGED_BY)}\x1f*期(?!\x1f*寿)"
        if word == "预期"
        else "\x1f*".join(word)
        for word in TARGET_MARKERS
    )
    + r"|目标"
    + _GOAL_REACHED
    + r"(?![导任体”\"])|计(?<![”\"]计)(?<!科技计)(?<!研发计)(?<!专项计)(?<!人才计)划(?![”\"》示项书单，。；、,]"
    + _PROGRAMMES_COUNTED
    + r")|建成后|投产后|达产后|完成后|实施后|可实现|可达",
    "clause_target": "|".join(
        word + r"(?![”》\"示项任体导]" + _PROGRAMMES_COUNTED + ")"
        for word in ("计(?<!科技计)(?<!研发计)(?<!专项计)(?<!人才计)划", "目标" + _GOAL_REACHED, "规划")
    ),
    "actual": r"已经|已|累计|以来|先后|去年|上年|同比|截至|截止|了(?<![为除]了)",
}
UNGUARDED = {"target": _TARGET, "clause_target": _CLAUSE_TARGET, "actual": _ACTUAL_MARKERS}
TARGET_RE, CLAUSE_TARGET_RE, ACTUAL_MARKERS_RE = (
    re.compile(_AFTER_FIRST[name]) for name in ("target", "clause_target", "actual")
)

# Verbs and words after which the counted noun follows the number ("拥有 14 家超百亿企业").
NOUN_FOLLOWS_RE = re.compile(
    r"(?:拥有|培育|新增|建成|建设|引进|实施|形成|打造|认定|组建|入驻|集聚|招引|签约|获得|累计|共有|有|等|推动|带动|"
    r"帮助|服务|吸引|提供|汇聚|聚集|储备|承担|谋划|"
    r"新培育|新建|创建|落地|开工|投产|推广使用|改造升级|改造|支持|建|设立|吸引|带动|淘汰|完成|入选|获批)\s*了?\s*$"
)

# Trailing words stripped from a subject phrase (verbs and links between the subject and its number).
SUBJECT_TAIL_RE = re.compile(
    r"(?:分别为|分别达到|分别达|分别占|分别|达到|达|为|是|突破|超过|超|增长到|增长至|增长|增至|增加到|增加|上升到|上升|"
    r"提高到|提高至|提高|提升到|提升至|提升|降至|降到|降低到|降低|下降到|下降|减少到|减少|扩大到|扩大至|扩大|"
    r"保持在|保持|稳定在|控制在|实现|完成|累计完成|累计|共计|共|合计|约|近|接近|逾|仅|已|已有|有|拥有|占|"
    r"同比|环比|年均|平均|较上年|较去年|比上年|比去年|的|了|将|力争|预计|可|可达|达成|在|至|到|实现了|排名|排在|位列|(?<![系并行序陈队])列|(?<![安编彩])排|"
    r"位居|居|仍然|仍|也|还|均|都|再|又|负|回落|收窄|扩大|加快|放缓|从|由|降|缩短|缩减|前移|后移|前进|后退|增产|减产|"
    r"增收|减收|上涨|下跌)+$"
)

# Leading words stripped from a subject phrase.
# Designations a place grants (全国重点实验室, 河南省工程技术研究中心, 全国文明城市): the place names the grantor,
# not where the thing is.
DESIGNATIONS = r"重点实验室|工程研究中心|工程技术研究中心|技术创新中心|制造业创新中心|文明城市|百强|单项冠军|质量奖"
DESIGNATION_RE = re.compile(DESIGNATIONS)

SUBJECT_HEAD_RE = re.compile(
    r"^(?:将(?!军)|拟|其中|尤其是|特别是|同时|此外|另外|并且|并|且|和|及|以及|与|而|但|目前|如今|当前|全年|全市|我市|本市|全省|我省|"
    rf"全国(?!{DESIGNATIONS})|全县|全区|共有|拥有|共|累计|已|实现|使|让|其|该市|该省|当地|力争|预计|计划|争取|确保|这个|这些|这一|该|此|"
    r"集聚|聚集|吸引|引进|到)+"
)

# Where the field of a ranking starts: 在全省…中, 在国内…行业, or the ranking verb itself (现在, 正在 are no 在).
RANK_FIELD_RE = re.compile(
    r"(?<![正现存实所好])在|排名|位居|位列|名列|排在|分列|居(?!民)|(?<!安)排|(?<!系)列|进入|跻身|挺进"
)

# Region scope words at the head of a subject; resolved against the document region (全市 → the city).
SCOPE_WORDS = ("全国", "全省", "我省", "全球", "全市", "我市", "本市")

# Heads that turn a number into a product designation or a speed, never a statistic.
SPEC_PREFIX_RE = re.compile(r"(?:时速|速度|车速|排量|功率为|型号|直径|口径|精度|尺寸)\s*$")

# Nouns after N个/N大 that name a rhetorical structure, not a counted thing.
# (also the nouns of political formulas: 四个意识, 两个维护, 五位一体)
RHETORIC_NOUNS_RE = re.compile(
    r"(?:意识|自信|维护|确立|代表|全面|务必|一体|方面|层面|维度|环节|原则|坚持|步|阶段|方向|重点|抓手|统筹|结合|转变|确保|不|必须|部分|“|"
    r"底线|红线|主线|路径|思路|途径)"
)
