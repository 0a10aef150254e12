"""The demo's school-affairs disclosure: four items of the seed's three categories, published by the
office over the weeks before the demo's day, with questions and comments by the demo personas — one
answered by the office, one by the college, and one question to the logistics office (后勤管理处,
the handling-office persona) still open, so that its to-do shows. Called once by the demo loader
(``demo.services.load``)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chuangxian.accounts.models import User
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.disclosure.models import Category, FeedbackKind, Mode, Right
from chuangxian.disclosure.services import ItemData, feedback_post, item_publish, question_answer
from chuangxian.orgs.models import Unit

LOGISTICS = "后勤管理处"
COLLEGE = "文学与传播学院"


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def disclosure_demo_create(
    *,
    units: dict[str, Unit],
    office: Actor,
    member: User | None,
    chair: User | None,
    as_of: date,
) -> None:
    root = next(u for u in units.values() if u.depth == 1)
    logistics = units.get(LOGISTICS, root)
    college = units.get(COLLEGE)
    specs = [
        (
            28,
            ItemData(
                title="2025年度学校财务预算执行情况",
                body="一、收入预算执行情况\n二、支出预算执行情况\n三、“三公”经费支出情况\n详细报表见附件说明，欢迎教职工监督。",
                category=Category.MANAGEMENT,
                mode=Mode.PERIODIC,
                responsible_unit=root,
                publish_on=as_of - timedelta(days=28),
                review_on=as_of + timedelta(days=337),
                rights=[Right.KNOW, Right.SUPERVISE],
            ),
        ),
        (
            14,
            ItemData(
                title="公务接待和公务用车使用情况（第三季度）",
                body="本季度公务接待 12 批次 86 人次，公务用车运行维护费 3.2 万元，均按规定标准执行。",
                category=Category.INTEGRITY,
                mode=Mode.PERIODIC,
                responsible_unit=root,
                publish_on=as_of - timedelta(days=14),
                review_on=as_of + timedelta(days=76),
                rights=[Right.KNOW, Right.SUPERVISE],
            ),
        ),
        (
            7,
            ItemData(
                title="教职工食堂价格调整方案（征求意见稿）",
                body="因食材成本上涨，拟自下月起调整部分菜品价格，荤菜平均上调 0.5 元，素菜不变。请教职工提出意见。",
                category=Category.INTERESTS,
                mode=Mode.IMMEDIATE,
                responsible_unit=logistics,
                publish_on=as_of - timedelta(days=7),
                rights=[Right.KNOW, Right.PARTICIPATE],
            ),
        ),
    ]
    if college is not None:
        specs.append(
            (
                10,
                ItemData(
                    title="文学与传播学院绩效工资二次分配方案",
                    body="经学院教职工大会讨论通过。教学工作量、科研业绩、公共服务分别占 60%、30%、10%。",
                    category=Category.INTERESTS,
                    mode=Mode.STANDING,
                    responsible_unit=college,
                    publish_on=as_of - timedelta(days=10),
                    units=[college],
                    rights=[Right.KNOW, Right.PARTICIPATE, Right.ELECT],
                ),
            )
        )
    items = {}
    for days_ago, data in specs:
        with clock.as_of(_moment(as_of - timedelta(days=days_ago))):
            items[data.title] = item_publish(tenant_id=root.tenant_id, data=data, actor=office)
    if member is None:
        return
    with clock.as_of(_moment(as_of - timedelta(days=20), 15)):
        budget = items["2025年度学校财务预算执行情况"]
        question = feedback_post(
            item=budget, kind=FeedbackKind.QUESTION, text="教职工培训经费的执行率是多少？", actor=member
        )
    with clock.as_of(_moment(as_of - timedelta(days=18), 9)):
        question_answer(
            question=question, answer="教职工培训经费执行率为 92.6%，未执行部分已结转。", actor=office
        )
    with clock.as_of(_moment(as_of - timedelta(days=2), 12)):
        canteen = items["教职工食堂价格调整方案（征求意见稿）"]
        feedback_post(
            item=canteen,
            kind=FeedbackKind.QUESTION,
            text="价格调整后，教职工饭卡补贴是否相应提高？",
            actor=member,
        )
        if chair is not None:
            feedback_post(
                item=canteen, kind=FeedbackKind.COMMENT, text="建议同时公开食材采购价格。", actor=chair
            )
    plan = items.get("文学与传播学院绩效工资二次分配方案")
    if plan is not None and chair is not None:
        with clock.as_of(_moment(as_of - timedelta(days=6), 16)):
            question = feedback_post(
                item=plan, kind=FeedbackKind.QUESTION, text="兼任辅导员的工作量如何计算？", actor=member
            )
        with clock.as_of(_moment(as_of - timedelta(days=5), 10)):
            question_answer(
                question=question, answer="按每带 100 名学生折合 60 个教学工作量计算。", actor=chair
            )
