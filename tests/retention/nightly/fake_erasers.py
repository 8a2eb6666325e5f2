"""An eraser for the nightly run's tests, with the interface of ``retention.erasers``.

Records are kept in memory: each has a record type, a setting, the day its period starts,
and what a hold may name (a child, an adult, one record). ``find`` is given the setting's
current period by the run, as the portal's erasers are.
"""

from dataclasses import dataclass, field
from datetime import date

from retention.policy import add_period


@dataclass
class Holds:
    child_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)
    records: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Batch:
    record_type: str
    keys: list[str]
    lines: list[str]
    count: int


@dataclass
class Record:
    key: str
    record_type: str
    setting_id: int
    start: date
    child_id: int | None = None
    user_id: int | None = None
    record: tuple[str, str] | None = None
    name: str = ""
    erased: bool = False


_Batch = Batch


@dataclass
class FakeErasers:
    ERASABLE: set[str]
    records: dict[str, Record] = field(default_factory=dict)
    erase_calls: list[tuple[str, list[str]]] = field(default_factory=list)
    periods: list = field(default_factory=list)
    Holds: type = Holds
    Batch: type = Batch

    def add(self, record_type, setting, start, *, child=None, user=None, record=None,
            name="") -> Record:
        key = f"{record_type}:{len(self.records) + 1}"
        self.records[key] = Record(key, record_type, setting.pk, start,
                                   getattr(child, "pk", None), getattr(user, "pk", None),
                                   record, name)
        return self.records[key]

    @staticmethod
    def _held(record, holds) -> bool:
        return (record.child_id in holds.child_ids or record.user_id in holds.user_ids
                or record.record in holds.records)

    def find(self, record_type, setting, period, cutoff, holds) -> "_Batch":
        self.periods.append((record_type, period))
        due = [r for r in self.records.values()
               if r.record_type == record_type and r.setting_id == setting.pk
               and not r.erased and not self._held(r, holds)
               and add_period(r.start, period) <= cutoff]
        return Batch(record_type, [r.key for r in due],
                     [f"{r.name}: 1 record" for r in due], len(due))

    def erase(self, record_type, setting, keys, holds) -> int:
        self.erase_calls.append((record_type, list(keys)))
        count = 0
        for key in keys:
            record = self.records.get(key)
            if (record is None or record.erased or record.setting_id != setting.pk
                    or self._held(record, holds)):
                continue
            record.erased = True
            count += 1
        return count
