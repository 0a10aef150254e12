"""The activities of phase 2 so far (一位教师一次活动): what, who, when, and how it went.

``day`` counts from the demo's day (negative: in the past). ``state``: ``past`` (held and closed
with a report), ``running`` (started yesterday, still on), ``open`` (published, sign-up open),
``later`` (a brand activity published for phase 3, sign-up not open yet), ``draft`` (a brand
activity still being prepared). ``audience``: ``all`` (whole school), ``colleges`` (every college's
union) or ``unit`` (the organising unit and its groups). ``attend`` is the share of the audience that
came (drawn only from the members who attend anything, see ``activities``), ``checkin`` the share of
those who scanned the QR code (the rest the organiser ticked). ``capacity`` is for the full
1,500-member roster and scales with it; ``signups`` is the number of sign-ups per place, or, without
a capacity, the share of the audience that signed up.
"""

from dataclasses import dataclass

from chuangxian.activities.models import ActivityKind as K
from chuangxian.demo.tree import ROOT_NAME

PAST, RUNNING, OPEN, LATER, DRAFT = "past", "running", "open", "later", "draft"
ALL, COLLEGES, UNIT = "all", "colleges", "unit"


@dataclass(frozen=True)
class ActivitySpec:
    unit: str
    kind: str
    title: str
    description: str
    place: str
    state: str
    day: int
    hour: float
    hours: float
    audience: str = UNIT
    attend: float = 0.0
    checkin: float = 0.0
    capacity: int | None = None
    signups: float = 0.0
    report: str = ""
    days: int = 0  # a multi-day activity ends this many days after it starts


ACTIVITIES: tuple[ActivitySpec, ...] = (
    ActivitySpec(
        ROOT_NAME,
        K.ETHICS,
        "师德师风专题报告会",
        "邀请省级师德标兵、教学名师作专题报告，讲述立德树人的故事。欢迎全校教职工参加，请提前 10 分钟入场扫码签到。",
        "图书馆报告厅",
        PAST,
        -98,
        14.5,
        2,
        audience=ALL,
        attend=0.18,
        checkin=0.85,
        report="报告会由校工会主席主持，省级师德标兵作题为《做学生成长的引路人》的报告，各单位教职工到场聆听，"
        "绝大多数扫码签到。会后各二级工会组织了交流讨论，收到心得体会 40 余篇。",
    ),
    ActivitySpec(
        ROOT_NAME,
        K.CULTURE_SPORTS,
        "教职工气排球比赛",
        "以二级工会为单位组队参赛，每队 8—10 人，男女混合，分小组赛和淘汰赛两个阶段。各队领队负责登记队员。",
        "体育馆",
        PAST,
        -62,
        15,
        3,
        audience=ALL,
        attend=0.12,
        checkin=0.3,
        report="比赛历时一个下午，16 支队伍参赛。体育学院代表队获得冠军，后勤管理处代表队和外国语学院代表队"
        "分获亚军、季军。队员出席由各队领队在名单上登记。",
    ),
    ActivitySpec(
        ROOT_NAME,
        K.TRAINING,
        "青年教师教学能力提升培训",
        "面向 40 岁以下青年教师，邀请校教学督导讲授课堂教学设计、信息化教学和教学竞赛准备。",
        "教师发展中心培训室",
        PAST,
        -45,
        14.5,
        3,
        audience=COLLEGES,
        attend=0.15,
        checkin=0.8,
        report="培训分课堂教学设计、信息化教学工具和教学竞赛经验三个专题，参训教师扫码签到，"
        "培训后每人提交了一份教学设计作业，优秀作业将在教师发展中心网站展示。",
    ),
    ActivitySpec(
        ROOT_NAME,
        K.MODEL_WORKER,
        "学习劳模精神报告会",
        "邀请全国劳动模范、省五一劳动奖章获得者与教职工面对面，讲述爱岗敬业、无私奉献的故事。",
        "行政楼学术报告厅",
        PAST,
        -27,
        9,
        2.5,
        audience=ALL,
        attend=0.15,
        checkin=0.9,
        report="两位劳动模范分享了在平凡岗位上追求卓越的经历，现场互动热烈。报告会后，校工会向各二级工会"
        "发出“学劳模、争先进”倡议书。",
    ),
    ActivitySpec(
        "文学与传播学院",
        K.CULTURE_SPORTS,
        "“诵读经典·传承文明”教职工经典诵读会",
        "以教研室工会小组为单位准备诵读节目，诵读中华经典诗文，每个节目 5—8 分钟。",
        "学院报告厅",
        PAST,
        -75,
        15,
        2,
        attend=0.55,
        checkin=0.4,
        report="6 个节目依次登场，既有《离骚》选段，也有现代诗歌朗诵，汉语言文学教研室工会小组获最佳表现奖。"
        "出席由各工会小组长登记，部分教职工现场扫码签到。",
    ),
    ActivitySpec(
        "教务处",
        K.TRAINING,
        "教学管理业务能力培训",
        "培训学籍管理、排课调课和考务管理的新规定，交流各学院教学秘书的工作经验。",
        "行政楼三楼会议室",
        PAST,
        -55,
        9,
        3,
        attend=0.75,
        checkin=0.5,
        report="培训解读了新修订的学籍管理规定和考务工作规范，3 位教学秘书作经验交流。参训人员完成了业务测试。",
    ),
    ActivitySpec(
        "数学与计算机科学学院",
        K.TRAINING_ON_POST,
        "青年教师说课比赛",
        "青年教师以一节课为单位，讲教学目标、教学设计和教学方法，老教师现场点评。",
        "学院会议室",
        PAST,
        -50,
        14.5,
        3,
        attend=0.5,
        checkin=0.3,
        report="9 名青年教师参加说课比赛，5 位教授担任评委并逐一点评，评出一等奖 1 名、二等奖 3 名，"
        "一等奖获得者将参加学校青年教师课堂教学竞赛。",
    ),
    ActivitySpec(
        "外国语学院",
        K.TRAINING,
        "外语教学信息化培训",
        "培训语言实验室和网络教学平台的使用，分享混合式教学案例。",
        "语言实验中心",
        PAST,
        -40,
        15,
        2,
        attend=0.6,
        checkin=0.6,
        report="现代教育技术中心工程师演示了语言实验室新系统，两位教师分享了混合式教学案例。"
        "培训后学院开通了 12 门课程的网络教学空间。",
    ),
    ActivitySpec(
        "体育学院",
        K.CULTURE_SPORTS,
        "教职工羽毛球联谊赛",
        "设男子双打、女子双打和混合双打三个项目，欢迎本院教职工报名。",
        "体育馆羽毛球馆",
        PAST,
        -35,
        16,
        2,
        attend=0.7,
        checkin=0.2,
        report="联谊赛共进行比赛 24 场，赛场气氛热烈。赛后学院工会为各项目前三名颁发了纪念品。",
    ),
    ActivitySpec(
        "后勤管理处",
        K.TRAINING_ON_POST,
        "后勤服务岗位技能比武",
        "设水电维修、餐饮服务、物业保洁三个比武项目，以赛促学，提升服务技能。",
        "后勤服务中心",
        PAST,
        -30,
        9,
        3,
        attend=0.65,
        checkin=0.1,
        report="比武设 3 个项目，26 名职工参赛，评出“技术能手”6 名。出席由各班组长登记。",
    ),
    ActivitySpec(
        "校医院",
        K.VOLUNTEER,
        "“健康进社区”义诊志愿服务",
        "到周边社区开展义诊，提供测血压、测血糖和健康咨询服务。",
        "东海街道社区卫生服务站",
        PAST,
        -25,
        8.5,
        3,
        attend=0.6,
        checkin=0.0,
        report="医护人员为社区居民测血压、测血糖 180 余人次，发放健康宣传资料 300 份，受到社区居民好评。",
    ),
    ActivitySpec(
        "图书馆",
        K.OTHER,
        "“悦读悦享”读书分享会",
        "每人推荐一本近期读过的好书，分享读书心得。",
        "图书馆三楼阅览室",
        PAST,
        -20,
        15,
        2,
        attend=0.65,
        checkin=0.5,
        report="14 位馆员分享了读书心得，推荐书目已在图书馆主页“馆员荐书”栏目发布。",
    ),
    ActivitySpec(
        "马克思主义学院",
        K.ETHICS,
        "师德师风专题研讨会",
        "结合《新时代高校教师职业行为十项准则》，研讨如何把师德要求落实到课堂和日常教学中。",
        "学院会议室",
        PAST,
        -15,
        14.5,
        2,
        attend=0.8,
        checkin=0.7,
        report="8 位教师作了交流发言，研讨会形成了学院师德建设的 5 条具体措施，将提交学院党政联席会审议。",
    ),
    ActivitySpec(
        "化学与生命科学学院",
        K.TRAINING_ON_POST,
        "实验教学技能练兵周",
        "连续五天，每天一个实验教学专题：实验设计、规范操作、安全防护、仪器维护和实验报告批改。",
        "化学实验楼",
        RUNNING,
        -1,
        8.5,
        9,
        days=4,
        attend=0.35,
        checkin=0.8,
        signups=0.5,
    ),
    ActivitySpec(
        ROOT_NAME,
        K.CONTEST,
        "第三届青年教师课堂教学竞赛",
        "面向 40 岁以下青年教师，分教学设计、课堂教学和教学反思三个环节，一等奖获得者推荐参加省级比赛。"
        "名额 30 个，额满后进入候补。",
        "教学楼 A 区",
        OPEN,
        21,
        8.5,
        8,
        audience=COLLEGES,
        capacity=30,
        signups=1.2,
    ),
    ActivitySpec(
        ROOT_NAME,
        K.VOLUNTEER,
        "校园开放日志愿服务",
        "学校开放日当天接待考生和家长，提供咨询、引导和讲解服务。需要志愿者 40 名，额满后候补。",
        "图书馆广场",
        OPEN,
        12,
        8,
        4,
        audience=ALL,
        capacity=40,
        signups=1.15,
    ),
    ActivitySpec(
        ROOT_NAME,
        K.CULTURE_SPORTS,
        "教职工登山健身活动（清源山）",
        "沿清源山登山步道健步登山，全程约 6 公里，量力而行。请穿运动鞋，自备饮用水。",
        "清源山景区南门集合",
        OPEN,
        9,
        7.5,
        4,
        audience=ALL,
        signups=0.09,
    ),
    ActivitySpec(
        "文学与传播学院",
        K.TRAINING_ON_POST,
        "青年教师教学观摩课",
        "汉语言文学教研室青年教师开设观摩课《古代汉语·词类活用》，课后集体评课。欢迎本院教师报名听课。",
        "文科楼 305 教室",
        OPEN,
        6,
        14.5,
        2,
        signups=0.2,
    ),
    ActivitySpec(
        "外国语学院",
        K.TRAINING,
        "“智慧课堂”教学工具培训",
        "培训课堂互动工具和在线测验的使用，每人带笔记本电脑，现场操作。机房座位有限。",
        "外语楼 2 号机房",
        OPEN,
        15,
        15,
        2,
        capacity=25,
        signups=1.12,
    ),
    ActivitySpec(
        "音乐舞蹈学院",
        K.CULTURE_SPORTS,
        "“艺韵师心”教职工合唱团展演",
        "学院教职工合唱团是本院工会的品牌活动，将在第三阶段举行专场展演。报名加入合唱团的教职工每周排练一次。",
        "音乐厅",
        LATER,
        0,
        19.5,
        2,
    ),
    ActivitySpec(
        "文学与传播学院",
        K.OTHER,
        "“书香文传”教师读书会",
        "每月一期，教师轮流领读一本书。学院工会计划把读书会作为第三阶段的品牌活动推出，目前正在筹备。",
        "学院资料室",
        DRAFT,
        0,
        15,
        2,
    ),
)
