"""Plain SQL for the reads on the pages opened most, with rows turned into model instances as
the ORM would turn them.

On a child's pages, putting an ORM query together costs more than running it
(bench/journal_page.py). These helpers let such a read be written in SQL and still give model
instances:

- ``columns(Model, "alias")`` writes the model's columns for a SELECT;
- ``instance(Model, values)`` converts those values with the converters the ORM itself applies
  (a UUID from SQLite's text, a boolean from its integer, a field's ``from_db_value``) and builds
  the instance with ``Model.from_db``, as a queryset does;
- ``prep(Model, "field", value)`` makes a parameter as the ORM would (a UUID is text on SQLite).

The SQL must run on PostgreSQL (production, CI) and SQLite (the demo of ``make run``): the one
difference the portal needs, how a list of ids is gathered into one column, is in ``id_list``.
Only table and column names, which come from the models, are written into the SQL; every value is
a query parameter.
"""

import uuid

from django.db import DEFAULT_DB_ALIAS, connection, connections


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model) -> str:
    """The model's table, quoted."""
    return quote(model._meta.db_table)


def columns(model, alias: str) -> str:
    """The model's columns as ``alias."column", ...``, in the order ``instance`` reads them."""
    key = ("columns", model, alias)
    cache = _cache()
    if key not in cache:
        cache[key] = ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)
    return cache[key]


def width(model) -> int:
    """How many columns ``columns`` writes for the model."""
    return len(model._meta.concrete_fields)


def _cache() -> dict:
    """What is worked out once per connection (its backend is fixed): column lists, converters."""
    return connections[DEFAULT_DB_ALIAS].__dict__.setdefault("_portal_sql", {})


def _converters(model):
    """The model's field names and, for each column, the converters the ORM applies to its
    value on this connection."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    cache = _cache()
    if model not in cache:
        names, converters = [], []
        for field in model._meta.concrete_fields:
            expression = field.get_col(model._meta.db_table)
            names.append(field.attname)
            converters.append((expression, [*wrapper.ops.get_db_converters(expression),
                                            *expression.get_db_converters(wrapper)]))
        cache[model] = (names, converters, names.index(model._meta.pk.attname))
    return cache[model]


def instance(model, values):
    """An instance of ``model`` from the values of ``columns(model, ...)`` in a row, or None when
    its primary key is NULL (a LEFT JOIN that found nothing)."""
    names, converters, pk_index = _converters(model)
    if values[pk_index] is None:
        return None
    converted = []
    for value, (expression, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, expression, connection)
        converted.append(value)
    return model.from_db(DEFAULT_DB_ALIAS, names, converted)


def instances(row, *models) -> tuple:
    """The instances of ``models`` from a row of their ``columns``, one after the other (None for
    a model whose primary key is NULL)."""
    found, start = [], 0
    for model in models:
        found.append(instance(model, row[start:start + width(model)]))
        start += width(model)
    return tuple(found)


def prep(model, field_name: str, value):
    """``value`` as a query parameter for ``model.field_name``, as the ORM would send it."""
    return model._meta.get_field(field_name).get_db_prep_value(value, connection)


def id_list(column: str) -> str:
    """An aggregate of the ids in ``column`` as one text, "4,7" (read back by ``ids``)."""
    if connection.vendor == "postgresql":
        return f"string_agg(CAST({column} AS TEXT), ',')"
    return f"group_concat({column}, ',')"


def ids(text) -> list[int]:
    return [int(i) for i in text.split(",")] if text else []


def placeholders(values) -> str:
    """``%s, %s, ...`` for ``values`` (``NULL`` for none: ``IN (NULL)`` matches nothing)."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def as_uuid(value) -> uuid.UUID:
    """A UUID column as read by the cursor (PostgreSQL gives a UUID, SQLite its hex)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
