"""Forms of the account pages: French labels and errors, the browser's autocomplete hints."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.accounts.models import User

STRENGTH_HINT = (
    "Au moins 12 caractères ; évitez les mots de passe courants et ceux qui ressemblent à votre adresse."
)


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Elle sert à vous connecter et à vous écrire ; elle n'est jamais publiée.",
    )
    display_name = forms.CharField(
        label="Nom affiché (facultatif)",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text="Visible des autres membres de vos structures et des coordinateurs, pas du public.",
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=STRENGTH_HINT,
    )
    password2 = forms.CharField(
        label="Mot de passe, une seconde fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_privacy = forms.BooleanField(
        label="J'ai lu la notice sur les données personnelles",
        error_messages={
            "required": "Cochez cette case après avoir lu la notice sur les données personnelles."
        },
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif password1:
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.RegexField(
        label="Code à 6 chiffres",
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": "Saisissez les 6 chiffres affichés par votre application."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8, "maxlength": 7}
        ),
        help_text="Le code affiché par votre application d'authentification ; il change toutes les 30 s.",
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "").strip()


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class PasswordResetMailForm(PasswordResetForm):
    """Django's reset form, whose message goes out after commit through the project's mailer."""

    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send_after_commit(
            to=[to_email],
            subject="Réinitialiser votre mot de passe",
            template=email_template_name,
            context=context,
        )


class ConfirmingSetPasswordForm(SetPasswordForm[User]):
    """Set a new password from a mailed link; following that link also proves the address is theirs."""

    def save(self, commit: bool = True) -> User:
        if self.user.email_confirmed_at is None:
            self.user.email_confirmed_at = timezone.now()
        return super().save(commit=commit)
