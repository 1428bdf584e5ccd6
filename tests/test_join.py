"""The per-place join: counts, ids, dates, claimed status and conflicts (sample + hand-written)."""

from __future__ import annotations

import pandas as pd

from geo.join import SUMMARY_COLUMNS, claims_by_place, conflicts, place_summary
from geo.records import Claim, Place


def _frames(article_ids, gold_eval):
    exs = [gold_eval.extract(a) for a in article_ids]
    places = {
        pid: Place(pid, pid.split(":")[1].title(), kind, "UA", 49.0, 36.0, "test")
        for pid, kind, _ in gold_eval.SAMPLE_PLACES.values()
    }

    def df(records):
        return pd.DataFrame([r.to_json() for r in records])

    return (
        df(places.values()),
        df([m for e in exs for m in e.mentions]),
        df([q for e in exs for q in e.quotes]),
        df([c for e in exs for c in e.claims]),
        pd.DataFrame([e.article.to_json() for e in exs]),
    )


def test_summary_columns_and_one_row_per_place(gold_eval):
    places, mentions, quotes, claims, articles = _frames(gold_eval.SAMPLE_IDS, gold_eval)
    summary = place_summary(places, mentions, quotes, claims, articles)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary.place_id.is_unique


def test_balakliia_and_kupiansk_conflicts_are_visible_in_the_sample(gold_eval):
    places, mentions, quotes, claims, articles = _frames(gold_eval.SAMPLE_IDS, gold_eval)
    summary = place_summary(places, mentions, quotes, claims, articles).set_index("place_id")
    bal = summary.loc["gn:balakliia"]
    assert bal.conflict
    assert bal.conflict_note.startswith(
        "2022-09-08: unknown says ukraine (unknown); russia says russia (Vitaly Gadchev) | "
        "2022-09-08 to 2022-09-09: "
    )
    assert bal.holder_by_side == {"unknown": "ukraine", "russia": "russia"}  # footage: claimant unknown
    assert bal.latest_holder == "ukraine"  # the 9 Sep video is the latest claim
    # troops "on the outskirts of" Kupiansk is an approach claim, not a claim that Ukraine holds it
    kup = summary.loc["gn:kupiansk"]
    assert not kup.conflict and kup.latest_holder == "russia"
    assert not summary.loc["gn:bayrak"].conflict and summary.loc["gn:bayrak"].latest_holder == "ukraine"
    assert not summary.loc["gn:kherson"].conflict and summary.loc["gn:kherson"].latest_holder == ""


def test_counts_ids_and_dates(gold_eval):
    places, mentions, quotes, claims, articles = _frames(gold_eval.SAMPLE_IDS, gold_eval)
    summary = place_summary(places, mentions, quotes, claims, articles).set_index("place_id")
    bal = summary.loc["gn:balakliia"]
    assert bal.mention_count == int((mentions.place_id == "gn:balakliia").sum())
    assert bal.article_ids == list(gold_eval.SAMPLE_IDS)
    assert len(bal.claim_ids) == 3 and (bal.first_date, bal.last_date) == ("2022-09-08", "2022-09-09")
    kyiv = summary.loc["gn:kyiv"]
    assert kyiv.metonymic_mentions == kyiv.mention_count > 0 and kyiv.literal_mentions == 0
    assert "2022-09-09-kupyansk-outskirts:q4" in summary.loc["gn:kherson"].quote_ids


def test_conflicts_table_lists_pairs_and_lyman_conflict_in_handwritten_articles(gold_eval):
    places, mentions, quotes, claims, articles = _frames(gold_eval.HANDWRITTEN_IDS, gold_eval)
    table = conflicts(claims, places)
    # "units were closing in on Lyman" is an approach claim: it does not contradict "Lyman remained under
    # Russian control" (the pairs themselves are tested on hand-made claims below)
    assert table.empty
    summary = place_summary(places, mentions, quotes, claims).set_index("place_id")
    assert summary.loc["gn:izium"].latest_holder == "ukraine"
    assert summary.loc["gn:hrakove"].latest_holder == "ukraine" and not summary.loc["gn:hrakove"].conflict


def _claim(n, place, side, holder, date, kind="settlement_control"):
    return Claim(f"a:c{n}", "a", f"claimant {n}", side, date, kind, None, None, "", (place,), holder, "e")


def test_conflict_window_and_same_side_disagreement():
    rows = [
        _claim(1, "p", "ukraine", "ukraine", "2022-09-01"),
        _claim(2, "p", "russia", "russia", "2022-09-04"),  # 3 days later: outside the window
        _claim(3, "q", "russia", "ukraine", "2022-09-01"),
        _claim(4, "q", "russia", "russia", "2022-09-01"),  # same side: not a conflict
        _claim(5, "r", "ukraine", "ukraine", "2022-09-01", kind="distance"),
        _claim(6, "r", "russia", "russia", "2022-09-01", kind="distance"),  # not control claims
    ]
    claims = pd.DataFrame([c.to_json() for c in rows])
    empty = pd.DataFrame()
    summary = place_summary(empty, empty, empty, claims).set_index("place_id")
    assert not summary.conflict.any()
    assert summary.loc["q"].latest_holder == "contested"
    assert summary.loc["p"].holder_by_side == {"ukraine": "ukraine", "russia": "russia"}
    assert len(claims_by_place(claims)) == 6


def test_empty_inputs_give_an_empty_table_with_the_columns():
    empty = pd.DataFrame()
    assert list(place_summary(empty, empty, empty, empty).columns) == SUMMARY_COLUMNS
    assert conflicts(empty).empty
