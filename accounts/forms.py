from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from accounts.models import API_TOKENS_PER_USER
from accounts.two_factor import check_second_factor, check_set_up_code


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # One-time codes: the phone's keyboard may offer the code; the browser should not save it.
        attrs.update({"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})
        return attrs


class SecondFactorForm(forms.Form):
    code = CodeField(
        help_text=_("The six-digit code your authenticator app shows, or one of your recovery codes.")
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        self.device = check_second_factor(self.user, self.cleaned_data["code"])
        return ""


class SetUpForm(forms.Form):
    code = CodeField(help_text=_("The six-digit code the app shows once it has the key."))

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        check_set_up_code(self.device, self.cleaned_data["code"])
        return ""


class ConfirmItsYouForm(forms.Form):
    """The password again, and the second factor when the account has one."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = request.user
        self.device = None
        super().__init__(*args, **kwargs)
        if user_has_device(self.user):
            self.fields["code"] = CodeField(help_text=SecondFactorForm.base_fields["code"].help_text)

    def clean_password(self):
        # Through authenticate(), so that django-axes counts a wrong password here as at sign-in.
        password = self.cleaned_data["password"]
        if authenticate(self.request, username=self.user.get_username(), password=password) != self.user:
            raise forms.ValidationError(_("That password is not right."))
        return ""

    def clean_code(self):
        if "password" not in self.cleaned_data:
            # A wrong password spends no code.
            return ""
        self.device = check_second_factor(self.user, self.cleaned_data["code"])
        return ""


class EmailChangeForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email"]
        labels = {"email": _("New email address")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("What the key is for"),
        max_length=80,
        help_text=_("Such as “city website” or “monitoring script”, to tell your keys apart."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.user.api_tokens.count() >= API_TOKENS_PER_USER:
            raise forms.ValidationError(
                _("You have %(count)d keys, the most an account may have: revoke one you no longer use."),
                params={"count": API_TOKENS_PER_USER},
            )
        return super().clean()
