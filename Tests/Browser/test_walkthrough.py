"""The README's walk-through in a real browser (headless Chromium, no JavaScript needed by the
pages): sign in, record an anonymous contact, record a contact that opens a case, find the case
in the list, add a note, sign out; then `safeguard audit verify` must pass. Then: an anonymous
contact by keyboard alone in under 15 key presses, what the contact form's script adds (with
JavaScript on), the Five Musts from the clerk to the police, and axe-core (WCAG 2.1 A and AA and
best practice) on every page each demo person reaches from their dashboard.

Run: python3 -m pytest Tests/Browser (needs chromium, chromium-driver and selenium; .ci/run installs them).
"""
import io
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import docx
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("SAFEGUARD_BINARY", os.path.join(ROOT, ".build", "debug", "safeguard"))
ADMIN_PASSWORD = "walkthrough admin password"
PASSWORD = "walkthrough counsellor password"


def start_server(env):
    """The server on a free loopback port, once it answers /healthz: (process, base address)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    process = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    return process, base


@pytest.fixture(scope="module")
def server():
    data = tempfile.mkdtemp(prefix="safeguard-browser-")
    env = dict(os.environ, SAFEGUARD_DATA_DIR=data, SAFEGUARD_ADMIN_PASSWORD=ADMIN_PASSWORD, SAFEGUARD_BCRYPT_COST="6")
    process, base = start_server(env)

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


def chromium(javascript):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # The distribution's driver, found on PATH: no download is ever attempted.
    return webdriver.Chrome(options=options, service=ChromeService(executable_path=shutil.which("chromedriver")))


@pytest.fixture(scope="module")
def browser():
    """The pages must work without JavaScript: this browser has it switched off."""
    driver = chromium(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def scripted_browser():
    """What the contact form's script adds, in a browser with JavaScript on."""
    driver = chromium(javascript=True)
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

    # keyboard: the first Tab reaches the skip link (the contact form opens on its first field instead)
    browser.get(base + "/cases")
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


def sign_in(browser, base, username, password=PASSWORD):
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
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


def press(browser, *keys):
    """Sends each key to whatever has the focus, one step each; returns the number of steps."""
    for key in keys:
        ActionChains(browser).send_keys(key).perform()
    return len(keys)


def categories_of_saved_contact(browser):
    row = browser.find_element(By.XPATH, "//th[normalize-space()='Categories']/following-sibling::td")
    return [part.strip() for part in row.text.split(";") if part.strip()]


def test_an_anonymous_contact_with_two_categories_takes_under_15_key_presses(server, browser):
    base, _ = server
    sign_in(browser, base, "counsellor")
    browser.get(base + "/contacts/new")
    # the form opens on its first field
    assert browser.switch_to.active_element.get_attribute("id") == "channel"
    page = browser.find_element(By.TAG_NAME, "html")

    # contact type, "caller stays anonymous" ticked; caller type, age, gender, urgency, summary,
    # then the first two categories (the line's most used) ticked; Enter saves
    steps = press(browser, Keys.TAB, Keys.TAB, Keys.SPACE)
    steps += press(browser, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.SPACE, Keys.TAB, Keys.SPACE)
    steps += press(browser, Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda driver: "Contact saved." in driver.page_source)

    assert "Anonymous" in browser.page_source
    assert len(categories_of_saved_contact(browser)) == 2
    assert steps < 15, steps
    sign_out(browser, base)


def test_the_contact_script_times_the_call_filters_categories_keeps_a_draft_and_saves_on_ctrl_enter(server, scripted_browser):
    base, _ = server
    browser = scripted_browser
    sign_in(browser, base, "counsellor")
    browser.get(base + "/contacts/new")
    WebDriverWait(browser, 5).until(lambda driver: "Call time 00:0" in driver.find_element(By.ID, "call-timer").text)

    # a draft survives a reload during the call
    browser.find_element(By.ID, "summary").send_keys("Synthetic: draft during the call.")
    browser.refresh()
    WebDriverWait(browser, 5).until(lambda driver: driver.find_element(By.ID, "summary").get_attribute("value") == "Synthetic: draft during the call.")
    assert "has been brought back" in browser.page_source

    # the filter: typed words narrow the grid, Enter goes to the first match and never submits
    search = browser.find_element(By.ID, "category-search")
    search.send_keys("bully")
    assert browser.find_element(By.ID, "cat-violence-cyberbullying").is_displayed()
    assert not browser.find_element(By.ID, "cat-missing-lost").is_displayed()
    search.send_keys(Keys.ENTER)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("name") == "categories[]" and "bullying" in focused.get_attribute("value")
    press(browser, Keys.SPACE)
    search.clear()
    search.send_keys("runaway", Keys.ENTER)
    press(browser, Keys.SPACE)

    # Ctrl+Enter saves from the summary
    browser.find_element(By.ID, "summary").click()
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    WebDriverWait(browser, 15).until(lambda driver: "Contact saved." in driver.page_source)
    assert len(categories_of_saved_contact(browser)) == 2
    assert "Synthetic: draft during the call." in browser.page_source

    # saved: the next call starts empty
    browser.get(base + "/contacts/new")
    assert browser.find_element(By.ID, "summary").get_attribute("value") == ""
    sign_out(browser, base)


DEMO_PASSWORD = "demo walk password"
DEMO_PEOPLE = ("counsellor", "caseworker", "supervisor", "lawyer", "hospital", "clerk", "police", "keeper", "officer", "coordinator", "trainer", "librarian", "rooms", "monitoring")


def axe_source():
    """axe-core as bundled by axe-playwright-python (installed without its dependencies by .ci/run):
    found without importing the package, which would need playwright."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None, "pip install --no-deps axe-playwright-python"
    with open(os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js"), encoding="utf-8") as f:
        return f.read()


@pytest.fixture(scope="module")
def demo_server():
    data = tempfile.mkdtemp(prefix="safeguard-demo-walk-")
    env = dict(os.environ, SAFEGUARD_DATA_DIR=data, SAFEGUARD_ADMIN_PASSWORD=ADMIN_PASSWORD, SAFEGUARD_BCRYPT_COST="6",
               SAFEGUARD_DEMO_PASSWORD=DEMO_PASSWORD, SAFEGUARD_SIGNIN_PER_MINUTE="100")
    subprocess.run([BINARY, "demo"], env=env, check=True, capture_output=True)
    process, base = start_server(env)
    yield base
    process.terminate()
    process.wait(timeout=30)


def axe_violations(browser, source):
    """axe-core's WCAG 2.1 A/AA and best-practice violations on the page open, one line each."""
    browser.execute_script(source)
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
           .then(r => done(r.violations.map(v => v.id + " (" + v.nodes.length + "): " + v.nodes[0].target.join(" "))));
    """)


def same_site_links(browser):
    hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        path = href.split("#")[0]
        if path.startswith("/") and not path.startswith(("/lang/", "/api/", "/calendar/")) and path != "/logout":
            found.append(path)
    return found


def test_no_page_a_demo_person_reaches_has_an_axe_violation(demo_server, scripted_browser):
    base, browser, source = demo_server, scripted_browser, axe_source()
    violations = []
    for person in DEMO_PEOPLE:
        browser.delete_all_cookies()
        browser.get(base + "/login")
        browser.find_element(By.ID, "username").send_keys(person)
        browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
        submit(browser, "/login")
        queue, seen = ["/"], set()
        while queue and len(seen) < 20:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            browser.get(base + path)
            found = axe_violations(browser, source)
            violations += [f"{person} {path}: {v}" for v in found]
            queue += [link for link in same_site_links(browser) if link not in seen]
        assert len(seen) > 3, (person, seen)
    assert not violations, "\n".join(violations)


def test_a_refused_form_names_each_problem_beside_its_field_and_passes_axe(demo_server, scripted_browser):
    base, browser, source = demo_server, scripted_browser, axe_source()
    browser.delete_all_cookies()
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys("clerk")
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    submit(browser, "/login")
    browser.get(base + "/stays/new")
    # everything the browser itself asks for, but not how the identity was checked, nor the co-occupant's relationship
    browser.find_element(By.ID, "room").send_keys("512")
    browser.find_element(By.ID, "minorName").send_keys("Synthetic Boy")
    browser.find_element(By.ID, "minorDocumentNumber").send_keys("110105201304050028")
    browser.find_element(By.ID, "adult1Name").send_keys("Synthetic Adult")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., 'Check in')]"))
    summary = browser.find_element(By.CSS_SELECTOR, "div.errors").text
    assert "Co-occupant 1 · Relationship to the minor" in summary and "coOccupants" not in summary, summary
    field = browser.find_element(By.ID, "adult1Relationship")
    assert field.get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, field.get_attribute("aria-describedby").split()[0]).text
    assert browser.find_element(By.ID, "room").get_attribute("value") == "512"
    found = axe_violations(browser, source)
    assert not found, "\n".join(found)


def test_a_file_larger_than_a_form_uploads_from_the_page(demo_server, browser):
    """Over real HTTP the body arrives as a stream, which the CSRF check collects: it must take as
    much as the route accepts (a 3 MiB handbook here), not only what an ordinary form may send."""
    base = demo_server
    folder = tempfile.mkdtemp(prefix="safeguard-upload-")
    path = os.path.join(folder, "synthetic-handbook.pdf")
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n")
    browser.delete_all_cookies()
    sign_in(browser, base, "coordinator", DEMO_PASSWORD)
    browser.get(base + "/training/materials")
    browser.find_element(By.ID, "m-title").send_keys("Synthetic large handbook")
    Select(browser.find_element(By.ID, "m-kind")).select_by_value("handbook")
    browser.find_element(By.ID, "m-licence").send_keys("CC BY 4.0")
    browser.find_element(By.ID, "m-author").send_keys("Synthetic Resource Centre")
    browser.find_element(By.ID, "m-file").send_keys(path)
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[@enctype='multipart/form-data']//button[@type='submit']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Synthetic large handbook", browser.page_source[:500]
    assert "synthetic-handbook.pdf" in browser.page_source
    shutil.rmtree(folder)


def test_a_certificate_pdf_is_read_by_an_independent_pdf_library(demo_server, browser):
    """The hand-written PDF against pypdf: its cross-reference table, its fonts and its text (a
    Chinese programme title and the verification code) as another program reads them."""
    import io
    import pypdf
    base = demo_server
    browser.delete_all_cookies()
    sign_in(browser, base, "coordinator", DEMO_PASSWORD)
    browser.get(base + "/training")
    browser.get(browser.find_element(By.CSS_SELECTOR, "a[href^='/training/programmes/']").get_attribute("href"))
    certificate = None
    for cohort in [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href^='/training/cohorts/']")]:
        browser.get(cohort)
        links = browser.find_elements(By.CSS_SELECTOR, "a[href^='/training/certificates/']")
        if links:
            certificate = links[0].get_attribute("href")
            code = links[0].text
            break
    assert certificate, "the demo has a certified cohort"
    browser.get(certificate)
    pdf_path = browser.find_element(By.CSS_SELECTOR, "a[href$='/pdf']").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(pdf_path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        data = response.read()
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert code in text, text
    assert "儿童权利与儿童保护（演示）" in text.replace("\n", ""), text
    assert reader.metadata.title == f"Certificate {code}"


def marc_record(control, fields):
    """One MARC 21 record in ISO 2709, written here independently of the server's writer: a leader,
    a directory of 12-byte entries, the fields (each ended by 0x1E) and the record's end (0x1D)."""
    data, directory = b"", b""
    for tag, value in [("001", control)] + fields:
        body = value.encode("utf-8") if tag < "010" else value[0].encode() + b"".join(
            b"\x1f" + code.encode() + text.encode("utf-8") for code, text in value[1])
        body += b"\x1e"
        directory += tag.encode() + b"%04d%05d" % (len(body), len(data))
        data += body
    directory += b"\x1e"
    base = 24 + len(directory)
    length = base + len(data) + 1
    leader = b"%05dnam a22%05d i 4500" % (length, base)
    return leader + directory + data + b"\x1d"


def test_a_librarian_imports_a_marc_file_and_a_reader_finds_a_title_typed_without_mongolian_letters(demo_server, browser):
    base = demo_server
    folder = tempfile.mkdtemp(prefix="safeguard-marc-")
    path = os.path.join(folder, "synthetic-catalogue.mrc")
    with open(path, "wb") as f:
        f.write(marc_record("S1", [("020", ("  ", [("a", "978-1-4028-9462-6")])), ("041", ("0 ", [("a", "mon")])),
                                   ("245", ("10", [("a", "Өсвөр үеийн хүүхдийн эрх :"), ("b", "гарын авлага /")])),
                                   ("264", (" 1", [("a", "Улаанбаатар :"), ("b", "Synthetic Press,"), ("c", "2022")])),
                                   ("650", (" 4", [("a", "Хүүхдийн эрх")]))]))
        f.write(marc_record("S2", [("245", ("00", [("a", "Synthetic guide to safe schools")])), ("041", ("0 ", [("a", "eng")]))]))
    browser.delete_all_cookies()
    sign_in(browser, base, "librarian", DEMO_PASSWORD)
    browser.get(base + "/library/catalogue")
    browser.find_element(By.ID, "l-file").send_keys(path)
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[@enctype='multipart/form-data']//button[@type='submit']"))
    assert "2 titles added" in browser.page_source, browser.page_source[:800]
    shutil.rmtree(folder)
    # a reader, signed out, types the title without ө and ү
    sign_out(browser, base)
    browser.get(base + "/library")
    browser.find_element(By.ID, "l-q").send_keys("освор уеийн")
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[@role='search']//button[@type='submit']"))
    results = browser.find_element(By.CSS_SELECTOR, "ol.results").text
    assert "Өсвөр үеийн хүүхдийн эрх" in results, results
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Өсвөр үеийн"))
    assert "9781402894626" in browser.page_source and "Synthetic Press" in browser.page_source


def type_value(browser, element_id, value):
    """Sets a date or time input as a person's picker would (typing into one depends on the browser's locale)."""
    browser.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, value)


def fetch_calendar(url, base):
    path = url[url.index("/", len("http://")):]
    with urllib.request.urlopen(base + path, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        return response.read().decode("utf-8").replace("\r\n ", "")


def test_a_coordinator_books_the_classroom_weekly_for_a_cohort_and_a_conflict_is_refused(demo_server, scripted_browser):
    import datetime
    base, browser = demo_server, scripted_browser
    today = datetime.date.today()
    # a Monday at least a week ahead in any zone, and a cohort of four weeks from it
    monday = today + datetime.timedelta(days=14 - today.weekday())
    browser.delete_all_cookies()
    sign_in(browser, base, "coordinator", DEMO_PASSWORD)
    browser.get(base + "/training")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main table a[href^='/training/programmes/']"))
    browser.find_element(By.ID, "name").send_keys("Synthetic batch for the classroom")
    type_value(browser, "startsOn", monday.isoformat())
    type_value(browser, "endsOn", (monday + datetime.timedelta(days=27)).isoformat())
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/cohorts'] button[type=submit]"))
    # the new cohort's page: book a room for its sessions
    assert "/training/cohorts/" in browser.current_url, errors(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href^='/rooms?cohort=']"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main table a"))
    browser.find_element(By.ID, "b-title").send_keys("Synthetic child-rights module")
    browser.find_element(By.ID, "b-people").send_keys("20")
    type_value(browser, "b-day", monday.isoformat())
    Select(browser.find_element(By.ID, "b-frequency")).select_by_value("WEEKLY")
    browser.find_element(By.ID, "b-day-MO").click()
    browser.find_element(By.ID, "b-count").send_keys("4")
    Select(browser.find_element(By.ID, "b-trainer")).select_by_visible_text("Demo Trainer")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=check]"))
    # every occurrence is shown free before anything is saved
    check = browser.find_element(By.ID, "check")
    assert "flash" in check.get_attribute("class") and "4" in check.text, errors(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == 4
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=book]"))
    assert "/rooms/bookings/" in browser.current_url, errors(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == 4
    sign_out(browser, base)

    # the room manager asks for the second Monday at ten: the check names the overlap, the save refuses it
    sign_in(browser, base, "rooms", DEMO_PASSWORD)
    browser.get(base + "/rooms")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Classroom"))
    Select(browser.find_element(By.ID, "b-purpose")).select_by_value("meeting")
    browser.find_element(By.ID, "b-title").send_keys("Synthetic team meeting")
    browser.find_element(By.ID, "b-people").send_keys("8")
    type_value(browser, "b-day", (monday + datetime.timedelta(days=7)).isoformat())
    type_value(browser, "b-starts", "10:00")
    type_value(browser, "b-ends", "12:00")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=check]"))
    assert "Overlaps “Synthetic child-rights module”" in browser.page_source
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=book]"))
    assert "occurrences overlap other bookings: 1" in browser.find_element(By.CSS_SELECTOR, "div.errors[role=alert]").text
    # the room's calendar address holds the four sessions
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/calendar-feed'] button[type=submit]"))
    room_feed = fetch_calendar(browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=feed] code").text, base)
    assert room_feed.count("SUMMARY:Synthetic child-rights module") == 4 and room_feed.count("BEGIN:VEVENT") >= 8
    sign_out(browser, base)

    # and so does the trainer's own calendar, in the classroom
    sign_in(browser, base, "trainer", DEMO_PASSWORD)
    browser.get(base + "/calendar")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/calendar-feed'] button[type=submit]"))
    trainer_feed = fetch_calendar(browser.find_element(By.CSS_SELECTOR, "main code").text, base)
    assert trainer_feed.count("LOCATION:Classroom") == 4, trainer_feed[:2000]


def test_a_monitoring_officer_imports_confirms_follows_up_and_prints_the_plan(demo_server, browser):
    base = demo_server
    folder = tempfile.mkdtemp(prefix="safeguard-uhri-")
    path = os.path.join(folder, "synthetic-index-export.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Body,Document Symbol,Paragraph,Text,Publication Date\n"
                "CRC,CRC/C/CHN/CO/5-6,61,\"Synthetic: raise the minimum age of marriage for girls and boys to 18 and end child marriage.\",2026-06-01\n")
    browser.delete_all_cookies()
    sign_in(browser, base, "monitoring", DEMO_PASSWORD)
    browser.get(base + "/monitoring/recommendations")
    browser.find_element(By.ID, "import-file").send_keys(path)
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[@enctype='multipart/form-data']//button[@type='submit']"))
    assert "Imported 1 recommendations" in browser.page_source, errors(browser)
    shutil.rmtree(folder)
    # the new one is still to confirm; its page shows what the thesaurus found and why
    browser.get(base + "/monitoring/recommendations?toConfirm=true&q=marriage")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "¶61"))
    page = browser.page_source
    assert "found: minimum age of marriage" in page and "found: child marriage" in page, page[:2000]
    assert browser.find_element(By.ID, "c-cluster-definition_of_the_child").is_selected()
    submit(browser, browser.current_url.replace(base, "").split("#")[0] + "/classification")
    assert "Confirmed by Demo Monitoring Officer" in browser.page_source, errors(browser)
    # a lead institution and an action with its due date, then the document's plan
    recommendation = browser.current_url.replace(base, "").split("#")[0]
    browser.find_element(By.ID, "i-name").send_keys("Synthetic Ministry of Civil Affairs")
    submit(browser, recommendation + "/institutions")
    browser.find_element(By.ID, "a-title").send_keys("Synthetic: draft the amendment to the marriage law")
    type_value(browser, "a-due", "2027-12-31")
    submit(browser, recommendation + "/actions")
    assert "Synthetic Ministry of Civil Affairs" in browser.page_source and "2027-12-31" in browser.page_source, errors(browser)
    # an assessment dated before the recommendation is refused beside its field
    type_value(browser, "s-day", "2025-01-01")
    browser.find_element(By.ID, "s-evidence").send_keys("Synthetic: the draft was sent for comment.")
    submit(browser, recommendation + "/assessments")
    assert "is before the recommendation was made" in errors(browser)
    assert browser.find_element(By.ID, "s-day").get_attribute("aria-invalid") == "true"
    browser.get(base + "/monitoring/plan?document=CRC/C/CHN/CO/5-6")
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "Synthetic Ministry of Civil Affairs" in table and "Synthetic Ministry of Education" in table, table
    # the computed indicator shows the reports acknowledged in time, with the figure's definition
    browser.get(base + "/monitoring/indicators")
    assert "reporting.acknowledged_in_time@1" in browser.page_source
    # the demo's alternative report: a section written, the word count kept, then printed and opened in Word
    browser.get(base + "/monitoring/reports")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Synthetic alternative report"))
    report = browser.current_url.replace(base, "").split("#")[0]
    browser.find_element(By.CSS_SELECTOR, "#c-family_environment-part > summary").click()
    browser.find_element(By.ID, "c-family_environment-findings").send_keys("Synthetic: too few foster families in rural counties.")
    submit(browser, report + "/sections/family_environment")
    section = browser.find_element(By.ID, "c-family_environment-part").text
    assert "8 words" in section, errors(browser)
    browser.get(base + report + "/print")
    article = browser.find_element(By.TAG_NAME, "article")
    assert article.get_attribute("lang") == "en" and "too few foster families" in article.text, article.text[:500]
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg[role=img]"), "the chart is drawn"
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(base + report + "/report.docx", headers={"Cookie": cookies})) as response:
        data = response.read()
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Violence against children", "Family environment and alternative care"], headings
    assert any("<5" in cell.text or cell.text.strip() == "–" for table in document.tables for row in table.rows for cell in row.cells)
    # the reporting calendar: our deadline that followed from the working group's date, marked done in one press
    browser.get(base + "/monitoring/calendar")
    row = browser.find_element(By.XPATH, "//tr[contains(., 'Our alternative report due')]")
    click_and_wait(browser, row.find_element(By.XPATH, ".//button[contains(., 'Done today')]"))
    assert "Done on" in browser.find_element(By.XPATH, "//tr[contains(., 'Our alternative report due')]").text, errors(browser)
    # a law the organisation follows: a submission with its file, then the stage it reached
    browser.get(base + "/monitoring/laws")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Synthetic amendment"))
    law = browser.current_url.replace(base, "").split("#")[0]
    folder = tempfile.mkdtemp(prefix="safeguard-law-")
    path = os.path.join(folder, "synthetic-comments.pdf")
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n% synthetic comments on the draft\n%%EOF\n")
    browser.find_element(By.ID, "u-recipient").send_keys("Synthetic Legislative Affairs Commission")
    browser.find_element(By.ID, "u-summary").send_keys("Synthetic: asked for an explicit ban in the family chapter.")
    browser.find_element(By.ID, "u-file").send_keys(path)
    submit(browser, law + "/documents")
    shutil.rmtree(folder)
    assert "synthetic-comments.pdf" in browser.find_element(By.ID, "submissions").find_element(By.XPATH, "..").text, errors(browser)
    Select(browser.find_element(By.ID, "g-stage")).select_by_value("adoption")
    submit(browser, law + "/stages")
    assert "Adopted" in browser.find_element(By.TAG_NAME, "dl").text, errors(browser)


def test_the_report_script_counts_words_as_typed_as_the_server_counts_them(demo_server, scripted_browser):
    base, browser = demo_server, scripted_browser
    browser.delete_all_cookies()
    sign_in(browser, base, "monitoring", DEMO_PASSWORD)
    browser.get(base + "/monitoring/reports")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Synthetic alternative report"))
    report = browser.current_url.replace(base, "").split("#")[0]
    browser.find_element(By.CSS_SELECTOR, "#c-civil_rights-part > summary").click()
    # English with joined words, numbers and Chinese: each rule of the count at once
    text = "Synthetic: child-friendly courts don't exist in 3.5 per cent of counties. 儿童友好法庭"
    browser.find_element(By.ID, "c-civil_rights-findings").send_keys(text)
    WebDriverWait(browser, 5).until(lambda b: "This section: 17 words" in b.find_element(By.ID, "c-civil_rights-count").text)
    live = browser.find_element(By.ID, "c-civil_rights-count").text
    submit(browser, report + "/sections/civil_rights")
    saved = browser.find_element(By.ID, "c-civil_rights-count").text
    assert live == saved, (live, saved)



@pytest.fixture(scope="module")
def mongolian_demo_server():
    data = tempfile.mkdtemp(prefix="safeguard-demo-mn-")
    env = dict(os.environ, SAFEGUARD_DATA_DIR=data, SAFEGUARD_ADMIN_PASSWORD=ADMIN_PASSWORD, SAFEGUARD_BCRYPT_COST="6",
               SAFEGUARD_DEMO_PASSWORD=DEMO_PASSWORD, SAFEGUARD_SIGNIN_PER_MINUTE="100")
    subprocess.run([BINARY, "demo", "--country", "MN", "--contacts", "20"], env=env, check=True, capture_output=True)
    process, base = start_server(env)
    yield base
    process.terminate()
    process.wait(timeout=30)


def sign_in_as_demo(browser, base, username):
    browser.delete_all_cookies()
    browser.get(base + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    submit(browser, "/login")


def latin_words(browser):
    """Words of three Latin letters or more in what the page shows, besides codes that carry digits
    (a case's reference, a time), the product's name, UTC, which times name in every language, and the
    names of file formats."""
    import re
    tokens = [t for t in browser.find_element(By.TAG_NAME, "body").text.split() if not re.search(r"[0-9]", t)]
    return sorted({w for t in tokens for w in re.findall(r"[A-Za-z]{3,}", t) if w not in ("Safeguard", "UTC", "CSV", "PDF")})


def test_a_mongolian_counsellor_records_a_call_and_the_social_worker_refers_to_the_khoroo_team_in_mongolian(mongolian_demo_server, scripted_browser):
    base, browser = mongolian_demo_server, scripted_browser
    shots = tempfile.gettempdir()
    sign_in_as_demo(browser, base, "counsellor")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "mn"
    # the hotline: a call recorded from the keyboard, saved with Enter
    browser.get(base + "/contacts/new")
    press(browser, Keys.TAB, Keys.TAB, Keys.SPACE, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.SPACE, Keys.TAB, Keys.SPACE)
    browser.save_screenshot(os.path.join(shots, "safeguard-mn-contact.png"))
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda driver: "/contacts/" in driver.current_url and "new" not in driver.current_url)
    assert not latin_words(browser), latin_words(browser)

    # the call becomes a case; the child is recorded by a registration number, checked against the birth date
    contact = browser.current_url.split(base)[1].split("?")[0]
    submit(browser, contact + "/case")
    case = browser.current_url.split(base)[1].split("?")[0]
    child_form = case + "/child"
    browser.find_element(By.ID, "child-name").send_keys("Демо-Бат Номин")
    browser.find_element(By.ID, "child-birthDate").send_keys("2014-03-09")
    Select(browser.find_element(By.ID, "sex")).select_by_value("female")
    Select(browser.find_element(By.ID, "documentType")).select_by_value("mn_registration")
    browser.find_element(By.ID, "child-documentNumber").send_keys("УБ14230912")
    submit(browser, child_form)
    assert "Демо-Бат Номин" in browser.page_source, errors(browser)
    assert not latin_words(browser), latin_words(browser)
    # a referral of that case to the khoroo team's psychologist
    browser.get(base + "/referrals/new?caseID=" + case.rsplit("/", 1)[1])
    entry = Select(browser.find_element(By.ID, "entryID"))
    entry.select_by_visible_text(next(o.text for o in entry.options if "Сэтгэл зүйч" in o.text))
    Select(browser.find_element(By.ID, "service")).select_by_value("psychological_counselling")
    Select(browser.find_element(By.ID, "consent")).select_by_value("child")
    browser.find_element(By.ID, "sec-child_identity").click()
    browser.find_element(By.ID, "summary").send_keys("Жишээ: хүүхэд сэтгэл зүйчтэй ярилцахыг хүссэн.")
    submit(browser, "/referrals")
    assert "/referrals/" in browser.current_url, errors(browser)
    assert not latin_words(browser), latin_words(browser)

    # the social worker's side: cases, referrals, the directory's khoroo team
    sign_in_as_demo(browser, base, "caseworker")
    browser.get(base + "/cases")
    browser.find_element(By.CSS_SELECTOR, "main table a[href^='/cases/']").click()
    assert "mn_registration" not in browser.page_source or "Регистрийн" in browser.page_source
    browser.save_screenshot(os.path.join(shots, "safeguard-mn-case.png"))
    assert not latin_words(browser), latin_words(browser)
    browser.get(base + "/referrals")
    assert not latin_words(browser), latin_words(browser)
    browser.get(base + "/directory")
    assert "1-р хорооны хамтарсан баг (демо)" in browser.page_source and "Хороо эсвэл баг" in browser.page_source
    assert not latin_words(browser), latin_words(browser)

    # the statistics, and the report that went to the police, the 108 and the khoroo's team
    sign_in_as_demo(browser, base, "supervisor")
    browser.get(base + "/statistics")
    browser.save_screenshot(os.path.join(shots, "safeguard-mn-statistics.png"))
    assert not latin_words(browser), latin_words(browser)
    browser.get(base + "/reports")
    browser.find_element(By.CSS_SELECTOR, "main table a[href^='/reports/']").click()
    recipients = browser.find_element(By.ID, "recipients").find_element(By.XPATH, "..").text
    assert "108" in recipients and "цагдаа" in recipients and "1-р хорооны хамтарсан баг" in recipients, recipients


def test_the_public_pages_read_in_traditional_mongolian_top_to_bottom(mongolian_demo_server, scripted_browser):
    base, browser = mongolian_demo_server, scripted_browser
    browser.delete_all_cookies()
    browser.get(base + "/library")
    # the visitor's language switch names each language in itself and comes back to the page
    browser.find_element(By.CSS_SELECTOR, "nav.languages a[lang='mn-Mong']").click()
    assert browser.current_url.endswith("/library")
    for path, name in (("/library", "library"), ("/verify", "verify"), ("/check-my-record", "check-my-record"), ("/login", "login")):
        browser.get(base + path)
        html = browser.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == "mn-Mong", path
        assert browser.execute_script("return getComputedStyle(document.body).writingMode") == "vertical-lr", path
        # the font is the one Debian's fonts-noto-core installs, and it is there
        assert browser.execute_script("return document.fonts.check(\"16px 'Noto Sans Mongolian'\", 'ᠮᠣᠩᠭᠣᠯ')"), path
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert any(0x1800 <= ord(c) <= 0x18AF for c in heading), (path, heading)
        browser.save_screenshot(os.path.join(tempfile.gettempdir(), f"safeguard-mn-Mong-{name}.png"))
    # the keyboard: the skip link first, then the main content's controls in reading order
    browser.get(base + "/library")
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    press(browser, Keys.ENTER, Keys.TAB)
    assert browser.switch_to.active_element.tag_name in ("input", "select", "button", "a")


def test_the_mongolian_pages_and_the_traditional_script_pass_axe(mongolian_demo_server, scripted_browser):
    base, browser, source = mongolian_demo_server, scripted_browser, axe_source()
    violations = []

    def check(path):
        browser.get(base + path)
        found = axe_violations(browser, source)
        violations.extend(f"{path}: {v}" for v in found)

    browser.delete_all_cookies()
    browser.get(base + "/lang/mn-Mong?back=/library")
    for path in ("/library", "/library/categories", "/verify", "/check-my-record", "/login"):
        check(path)
    sign_in_as_demo(browser, base, "caseworker")
    for path in ("/", "/contacts/new", "/cases", "/directory", "/reports/new"):
        check(path)
    assert not violations, "\n".join(violations)
