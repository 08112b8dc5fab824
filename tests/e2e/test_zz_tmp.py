import pytest
from tests.e2e.test_registration_browser import fill_case, fill_party, APPLICANT, RESPONDENT
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
def test_shot(e2e_world, live_server, page, login, artifacts):
    login("clerk"); fill_case(page); fill_party(page, 0, APPLICANT); fill_party(page, 1, RESPONDENT)
    page.click("button[name=add_party][value=respondent]"); page.wait_for_selector("#id_parties-2-name")
    page.screenshot(path=str(artifacts / "tmp-added.png"), full_page=True)
    print(page.inner_html("#parties")[-3000:])
