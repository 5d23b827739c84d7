"""Phase-1 smoke test: the project builds against the fixture and the first models hold the expected rows."""

from __future__ import annotations


def test_both_counts_of_industrial_enterprises_land_in_one_series(warehouse):
    rows = warehouse.sql(
        """
        select o.value, s.publisher, o.period_key, o.series_key
        from fct_observation o join dim_source s using (document_id)
        where o.subject_normalised = '规上工业企业' and o.period_key = '2020'
        order by o.value
        """
    ).fetchall()
    assert {(r[0], r[1], r[2]) for r in rows} == {(1783.0, "洛阳市人民政府", "2020"), (1796.0, "人民日报", "2020")}
    assert len({r[3] for r in rows}) == 1
