from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin, set_choices
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, MemberStatus, UnitCategory, UnitKind

CHILD_KINDS = [(k, label) for k, label in UnitKind.choices if k != UnitKind.SCHOOL_UNION]


class UnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=CHILD_KINDS, initial=UnitKind.SUB_UNION)
    category = forms.ChoiceField(
        label=_("单位类别"),
        choices=UnitCategory.choices,
        required=False,
        help_text=_("分类指导：二级学院、机关、教辅单位的任务和目标可以不同。"),
    )

    def __init__(self, *args: Any, is_root: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_root:
            set_choices(self, "kind", [(UnitKind.SCHOOL_UNION, UnitKind.SCHOOL_UNION.label)])
            self.fields["kind"].initial = UnitKind.SCHOOL_UNION


# Pickers of consequential choices start blank, so a hurried click grants or moves nothing.
CHOOSE_UNIT = ("", _("（请选择组织）"))


class UnitMoveForm(StyledFormMixin, forms.Form):
    parent = forms.TypedChoiceField(label=_("新的上级组织"), coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "parent", [CHOOSE_UNIT, *choices])


class OfficersForm(StyledFormMixin, forms.Form):
    chair = forms.ModelChoiceField(
        label=_("主席"), queryset=Member.objects.none(), required=False, empty_label=_("（暂无）")
    )
    liaison = forms.ModelChoiceField(
        label=_("联络员"), queryset=Member.objects.none(), required=False, empty_label=_("（暂无）")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "liaison"):
            field = self.fields[name]
            field.queryset = members  # type: ignore[attr-defined]
            field.label_from_instance = lambda m: f"{m.name}（{m.staff_no}）"  # type: ignore[attr-defined]


class MemberSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名、工号或拼音首字母"), required=False, max_length=60)
    departed = forms.BooleanField(label=_("包括离职、退休人员"), required=False)


class MemberFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("筛选"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *MemberStatus.choices],
    )


class RoleGrantForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("角色"),
        choices=[("", _("（请选择角色）")), *Role.choices],
        help_text=_("评委不是单位的角色：由学校工会在创先活动中按任期聘请。"),
    )
    unit = forms.TypedChoiceField(
        label=_("在哪个组织"), coerce=int, help_text=_("角色的权限覆盖该组织及其全部下级组织。")
    )

    def __init__(self, *args: Any, unit_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "unit", [CHOOSE_UNIT, *unit_choices])
