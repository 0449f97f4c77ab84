from django import forms
from django.utils.translation import gettext_lazy as _

from sitewide.statistics import DEFAULT_PERIOD, PERIODS


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS.items(), required=False)

    def chosen_period(self) -> str:
        """The period asked for, or the default one when none (or a wrong one) was given."""
        if self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return DEFAULT_PERIOD

    def problems(self) -> list[str]:
        return [_("Period: there is no such period; showing the last 12 months.")] if self.errors else []
