"""A required text box filled with spaces only is empty (the input boundary: bad input gets a
clear message, never a blank name saved). Found by the class, not the example: the test walks
every FlaskForm subclass in ``passport``; every required text box uses ``formfields.Required``
(WTForms' ``InputRequired`` accepts "   "), and each refuses "   " with its own message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import passport
import pytest
from flask_wtf import FlaskForm
from passport.formfields import Required
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired


def _forms() -> list[type[FlaskForm]]:
    for info in pkgutil.walk_packages(passport.__path__, "passport."):
        importlib.import_module(info.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("passport.") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=lambda f: f.__qualname__)


def _text_fields(form_class):
    """(name, validators) of each text box the user types in (not hidden, not a password)."""
    for name, unbound in inspect.getmembers(form_class):
        cls = getattr(unbound, "field_class", None)
        if cls is None or not issubclass(cls, StringField) or issubclass(cls, (PasswordField, HiddenField)):
            continue
        yield name, unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else ())


FORMS = _forms()
CASES = [(f, n) for f in FORMS for n, vs in _text_fields(f) if any(isinstance(v, Required) for v in vs)]


def test_the_walk_finds_the_forms():
    names = {f"{f.__name__}.{n}" for f, n in CASES}
    assert {"LoginForm.username", "StaffForm.email", "InterviewForm.advice", "UndoForm.reason"} <= names


def test_no_required_text_box_uses_input_required():
    """``InputRequired`` or ``DataRequired`` on a text box would let "   " through again."""
    found = [
        f"{f.__name__}.{n}"
        for f in FORMS
        for n, vs in _text_fields(f)
        if any(isinstance(v, (InputRequired, DataRequired)) for v in vs)
    ]
    assert not found


@pytest.mark.parametrize(("form_class", "name"), CASES, ids=[f"{f.__name__}.{n}" for f, n in CASES])
def test_spaces_only_is_refused_with_the_fields_message(app, form_class, name):
    validators = dict(_text_fields(form_class))[name]
    required = next(v for v in validators if isinstance(v, Required))
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict({name: "  \t "}), meta={"csrf": False})
        form.validate()
        assert form[name].errors == [required.message]
        padded = form_class(formdata=MultiDict({name: "  Kept  "}), meta={"csrf": False})
        padded.validate()
        assert padded[name].data == "Kept"
