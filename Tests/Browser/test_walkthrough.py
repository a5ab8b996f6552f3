"""The README's walk-through in a real browser (headless Chromium, no JavaScript needed by the
pages): sign in, record an anonymous contact, record a contact that opens a case, find the case
in the list, add a note, sign out; then `safeguard audit verify` must pass.

Run: python3 -m pytest Tests/Browser (needs chromium, chromium-driver and selenium; .ci/run installs them).
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("SAFEGUARD_BINARY", os.path.join(ROOT, ".build", "debug", "safeguard"))
ADMIN_PASSWORD = "walkthrough admin password"
PASSWORD = "walkthrough counsellor password"


@pytest.fixture(scope="module")
def server():
    data = tempfile.mkdtemp(prefix="safeguard-browser-")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = dict(os.environ, SAFEGUARD_DATA_DIR=data, SAFEGUARD_ADMIN_PASSWORD=ADMIN_PASSWORD, SAFEGUARD_BCRYPT_COST="6")
    process = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)

    def call(method, path, body, token=None):
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
        return json.loads(urllib.request.urlopen(request).read() or b"null")

    admin = call("POST", "/api/tokens", {"username": "admin", "password": ADMIN_PASSWORD})["token"]
    call("POST", "/api/users", {"username": "counsellor", "displayName": "Walkthrough Counsellor", "roles": ["counsellor"],
                                "password": PASSWORD}, admin)
    # An inn and the police over it, for the Five Musts walk-through.
    region = call("GET", "/api/regions", None, admin)[0]["id"]
    inn = call("POST", "/api/lodging-businesses", {"name": "Walkthrough Inn", "regionID": region, "licenceNumber": "WALK-0001",
                                                   "address": "1 Walkthrough Road"}, admin)["id"]
    police = call("POST", "/api/organisations", {"name": "Walkthrough Police", "type": "police", "regionID": region}, admin)["id"]
    for username, role, organisation in (("clerk", "hotel_clerk", inn), ("police", "authority_receiver", police)):
        call("POST", "/api/users", {"username": username, "displayName": "Walkthrough " + username, "roles": [role],
                                    "organisationID": organisation, "password": PASSWORD}, admin)
    yield base, env
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800"):
        options.add_argument(argument)
    # The pages must work without JavaScript.
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # The distribution's driver, found on PATH: no download is ever attempted.
    driver = webdriver.Chrome(options=options, service=ChromeService(executable_path=shutil.which("chromedriver")))
    yield driver
    driver.quit()


def errors(browser):
    found = browser.find_elements(By.CSS_SELECTOR, "[role=alert]")
    return found[0].text if found else browser.find_element(By.TAG_NAME, "h1").text


def click_and_wait(browser, element):
    """Clicks, then waits until the browser has left the current page and loaded the next."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def left(_):
        try:
            page.is_enabled()  # raises once the old document is gone
            return False
        except WebDriverException:
            return True

    WebDriverWait(browser, 15).until(left)
    WebDriverWait(browser, 15).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def submit(browser, form_action):
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"form[action='{form_action}'] button[type=submit]"))


def test_walkthrough(server, browser):
    base, env = server
    # sign in
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys("counsellor")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(browser, "/login")
    assert "Dashboard" in browser.find_element(By.TAG_NAME, "h1").text

    # an anonymous contact
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "New contact"))
    Select(browser.find_element(By.ID, "contactType")).select_by_value("about_child")
    browser.find_element(By.ID, "callerAnonymous").click()
    browser.find_element(By.ID, "cat-violence-neglect").click()
    browser.find_element(By.ID, "summary").send_keys("Synthetic: neighbour worried about a child left alone.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Save contact')]"))
    assert "Contact saved." in browser.page_source, errors(browser)
    assert "Anonymous" in browser.page_source

    # a contact that opens a case
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "New contact"))
    browser.find_element(By.ID, "childAge").send_keys("13")
    browser.find_element(By.ID, "cat-violence-bullying").click()
    Select(browser.find_element(By.ID, "urgency")).select_by_value("high")
    browser.find_element(By.ID, "summary").send_keys("Synthetic: pupil hit by classmates.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Save contact')]"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Open a case')]"))
    reference = browser.find_element(By.TAG_NAME, "h1").text.split()[-1]
    assert reference.startswith("SG-")

    # add a note
    browser.find_element(By.ID, "body").send_keys("Synthetic: first call to the school planned.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Add note')]"))
    assert "Synthetic: first call to the school planned." in browser.page_source

    # the case is in the list
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Cases"))
    assert reference in browser.page_source
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "safeguard-cases.png"))

    # keyboard: the first Tab reaches the skip link
    browser.get(base + "/contacts/new")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("href").endswith("#main")

    # sign out
    browser.get(base + "/")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Sign out')]"))
    assert "Sign in" in browser.find_element(By.TAG_NAME, "h1").text

    # the audit log verifies
    result = subprocess.run([BINARY, "audit", "verify"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "intact" in result.stdout + result.stderr


def sign_in(browser, base, username):
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(browser, "/login")
    assert "Dashboard" in browser.find_element(By.TAG_NAME, "h1").text, errors(browser)


def sign_out(browser, base):
    browser.get(base + "/")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Sign out')]"))


def test_a_minor_with_an_unrelated_adult_is_reported_and_the_police_acknowledge(server, browser):
    base, _ = server
    # the clerk checks in a 13-year-old (synthetic resident ID) with an unrelated adult
    sign_in(browser, base, "clerk")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Check in a minor"))
    browser.find_element(By.ID, "room").send_keys("305")
    browser.find_element(By.ID, "minorName").send_keys("Synthetic Girl")
    Select(browser.find_element(By.ID, "minorDocumentType")).select_by_value("resident_id")
    browser.find_element(By.ID, "minorDocumentNumber").send_keys("110105201304050028")
    Select(browser.find_element(By.ID, "minorCheck")).select_by_value("document_inspected")
    browser.find_element(By.ID, "guardianName").send_keys("Synthetic Mother")
    browser.find_element(By.ID, "guardianPhone").send_keys("+86 139 0000 0000")
    Select(browser.find_element(By.ID, "guardianRelationship")).select_by_value("parent")
    browser.find_element(By.ID, "adult1Name").send_keys("Synthetic Man")
    Select(browser.find_element(By.ID, "adult1DocumentType")).select_by_value("resident_id")
    browser.find_element(By.ID, "adult1DocumentNumber").send_keys("110105198807120038")
    Select(browser.find_element(By.ID, "adult1Relationship")).select_by_value("unrelated")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Check in')]"))
    assert "An adult unrelated to the minor shares the room" in browser.page_source, errors(browser)
    assert browser.find_element(By.CSS_SELECTOR, "li.risk-red")

    # one step to the police
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Report to the police now')]"))
    reference = browser.find_element(By.PARTIAL_LINK_TEXT, "SR-").text
    sign_out(browser, base)

    # the police receiver sees it in the inbox and acknowledges it
    sign_in(browser, base, "police")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Report inbox"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reference))
    assert "From a hotel stay" in browser.page_source
    browser.find_element(By.ID, "authorityReference").send_keys("PSB-WALK-1")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Acknowledge')]"))
    assert "Acknowledged" in browser.page_source and "PSB-WALK-1" in browser.page_source, errors(browser)

    # the police list shows the stay, flagged red
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Minors' stays"))
    assert browser.find_element(By.CSS_SELECTOR, "td.risk-red")
    sign_out(browser, base)
