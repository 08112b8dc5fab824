import pytest

from cases import services
from tests.factories import registration
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_chief_reads_open_cases_per_judge(client, world):
    first = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    services.case_transition(actor=world.chief, case_id=first.pk, transition="close", closure_type="withdrawn", reason="撤回")
    client.force_login(world.chief)
    html = client.get("/reports/caseload/").content.decode()
    assert "执行一团队" in html and "执行二团队" in html and "赵法官" in html and "孙法官" in html
    # the closed case no longer counts: 赵 0, 孙 1
    from reports.selectors import court_caseload

    teams, unassigned = court_caseload(world.zanhuang)
    loads = {j.name: j.open_cases for t in teams for j in t.judges}
    assert loads == {"赵法官": 0, "钱法官": 0, "孙法官": 1} and unassigned == 0


def test_caseload_queries_do_not_grow_with_cases(client, world):
    client.force_login(world.chief)
    services.case_register(actor=world.clerk, data=registration(world.zanhuang))

    def grow():
        for _ in range(4):
            services.case_register(actor=world.clerk, data=registration(world.zanhuang))

    assert_constant_queries(lambda: client.get("/reports/caseload/"), grow)


def test_supervisor_picks_a_court_of_the_jurisdiction_and_judges_cannot_read(client, world):
    client.force_login(world.supervisor)
    html = client.get(f"/reports/caseload/?court={world.yuanshi.pk}").content.decode()
    assert "元氏县人民法院" in html and "陈法官" in html
    html = client.get(f"/reports/caseload/?court={world.baoding.pk}").content.decode()
    assert "保定" not in html.split("<h1")[1].split("</h1>")[0]  # outside the jurisdiction: not offered
    client.force_login(world.judge)
    assert client.get("/reports/caseload/").status_code == 403
