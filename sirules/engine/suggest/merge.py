"""Applying the suggestions of one round to the raw application, in order: a later change to a
fact already changed this round is kept only if the earlier rule still passes, participant
changes follow the participants as earlier suggestions move them, and new participants get
names that are not taken yet."""

from __future__ import annotations

import attrs

from ...language.diagnostics import SirulesError
from .rawapp import track
from .results import Suggestion


class RoundMerger:
    """Merges one round's suggestions into the raw application."""

    def __init__(self, ctx):
        self.ctx, self.raw, self.words = ctx, ctx.raw, ctx.words

    def merge(self, raw, made) -> tuple[dict, list]:
        """Apply the suggestions of one round in order; a later change to a path already changed
        this round is kept only if it also keeps the earlier rule passing. New participants get
        names that are not taken yet. Returns the new raw application and the suggestions as applied."""
        ctx = self.ctx
        done: dict = {}                   # path -> index in ``applied``
        out, applied = raw, []
        base = ctx.state(raw).data
        rows = list(range(len(base["_participants"])))     # who is where now: base index or a new row
        has_app = base["_applicant"] is not None
        for s in made:
            s = self._rename(s, out)
            s = self._remap(s, rows, has_app)
            applied.append(s)
            clash = [c for c in s.changes if c.op != "add" and c.path in done]
            fresh = [c for c in s.changes if c not in clash]
            if clash:
                with_it = self.raw.apply(out, s.changes)
                try:
                    outs = ctx.outcomes(ctx.normaliser.normalise(with_it).data)
                except SirulesError:
                    outs = {}
                others = {done[c.path] for c in clash}
                if all(outs.get(i) in (0, 3) for i in {applied[j].rule.id for j in others} | {s.rule.id}):
                    fresh = list(s.changes)
                    for j in others:      # the earlier suggestion is met by this one too
                        applied[j] = attrs.evolve(applied[j], superseded_by=s.rule.id)
            out = self.raw.apply(out, fresh)
            has_app = track(rows, fresh, has_app)
            for c in fresh:
                if c.op != "add":
                    done[c.path] = len(applied) - 1
        return out, applied

    def _remap(self, s: Suggestion, rows: list, has_app: bool) -> Suggestion:
        """Point the participant changes of a suggestion made on the round's application at where
        those participants are after the suggestions applied before it (a swap moves them)."""
        changes, moved = [], False
        for c in s.changes:
            kind = c.target[0] if c.target else None
            if kind in ("field", "remove", "swap", "noop") and len(c.target) > 1:
                b = c.target[1]
                if b not in rows:
                    moved = True
                    continue              # that participant was removed by an earlier suggestion
                cur = rows.index(b)
                where = "applicant" if has_app and cur == 0 else f"participants[{cur - has_app}]"
                path = c.path if kind == "swap" else where + ("." + c.target[2] if kind == "field" else "")
                if cur != b or path != c.path:
                    moved = True
                    c = attrs.evolve(c, path=path, target=(kind, cur) + c.target[2:])
            changes.append(c)
        return attrs.evolve(s, changes=tuple(changes)) if moved else s

    def _rename(self, s: Suggestion, raw) -> Suggestion:
        """Give a new applicant or participant whose placeholder name is taken the first free one."""
        words, added = self.words, self.ctx.added
        _, plist = self.raw.raw_lists(raw)
        taken = {r.get("name") for r in (raw.get(plist) or []) if isinstance(r, dict)}
        changes, sentence, changed = [], s.sentence, False
        appkey, _ = self.raw.raw_lists(raw)
        if isinstance(raw.get(appkey), dict):
            taken.add(raw[appkey].get("name"))
        for c in s.changes:
            new_app = c.target[:1] in (("newapp",), ("applicant",)) and isinstance(c.new, dict)
            if new_app and c.new.get("name") in taken and c.new.get("name") in words.placeholders():
                row = dict(c.new, name=words.free("new_name", taken))
                sentence = sentence.replace(c.new["name"], row["name"])
                c = attrs.evolve(c, new=row)
                changed = True
            if new_app:
                taken.add(c.new.get("name"))
            if c.op == "add" and c.target[:1] == ("participants",) \
                    and isinstance(c.add, dict) and c.add.get("name") in taken:
                c = attrs.evolve(c, add=dict(c.add, name=words.free("new_name", taken)))
                changed = True
            if c.op == "add" and isinstance(c.add, dict):
                taken.add(c.add.get("name"))
                if c.target[:1] == ("participants",):
                    added.add(c.add.get("name"))
            changes.append(c)
        return attrs.evolve(s, changes=tuple(changes), sentence=sentence) if changed else s
