package io.github.wxminiauth.coexistence.console;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.WeChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.wxminiauth.coexistence.console.ConsoleAccounts.OPERATOR;
import static io.github.wxminiauth.coexistence.console.ConsoleAccounts.OPERATOR_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's own tests of its own security, over HTTP as a browser sees it: the redirect to
 * the login page, the session cookie, CSRF protection of the login form and of the pages' forms.
 */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class ConsoleTests {

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");

	@LocalServerPort
	private int port;

	protected HostHttp http;

	@DynamicPropertySource
	static void wechat(DynamicPropertyRegistry registry) {
		WeChat.configure(registry);
	}

	@BeforeEach
	void connect() {
		this.http = new HostHttp(this.port);
	}

	@Test
	void aVisitorWhoIsNotLoggedInIsSentToTheLoginPage() {
		HostHttp.Response page = this.http.get("/console").browser().send();
		assertThat(page.status()).as(page.toString()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	@Test
	void aRequestForJsonWithoutASessionIsSentToTheLoginPageToo() {
		HostHttp.Response page = this.http.get("/console").header("Accept", "application/json").send();
		assertThat(page.status()).as(page.toString()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	@Test
	void theOperatorLogsInWithTheFormAndStaysLoggedInThroughTheSessionCookie() {
		String session = logIn();
		for (int visit = 0; visit < 2; visit++) {
			HostHttp.Response page = this.http.get("/console").browser().session(session).send();
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(page.body()).contains("Hello, " + OPERATOR);
		}
	}

	@Test
	void loggingInGivesTheOperatorANewSessionId() {
		HostHttp.Response loginPage = this.http.get("/login").browser().send();
		String before = loginPage.newSessionId().orElseThrow();
		HostHttp.Response login = submitLogin(before, csrfTokenOf(loginPage), OPERATOR_PASSWORD);
		assertThat(login.status()).as(login.toString()).isEqualTo(302);
		assertThat(login.newSessionId()).hasValueSatisfying((after) -> assertThat(after).isNotEqualTo(before));
	}

	@Test
	void aWrongPasswordSendsTheOperatorBackToTheLoginPage() {
		HostHttp.Response loginPage = this.http.get("/login").browser().send();
		String session = loginPage.newSessionId().orElseThrow();
		HostHttp.Response login = submitLogin(session, csrfTokenOf(loginPage), "not-the-password");
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).endsWith("/login?error");
		assertThat(this.http.get("/console").browser().session(session).send().status()).isEqualTo(302);
	}

	@Test
	void theLoginFormRefusesAPostWithoutItsCsrfToken() {
		String session = this.http.get("/login").browser().send().newSessionId().orElseThrow();
		HostHttp.Response login = this.http.post("/login")
			.browser()
			.session(session)
			.form(Map.of("username", OPERATOR, "password", OPERATOR_PASSWORD))
			.send();
		assertThat(login.status()).isEqualTo(403);
		assertThat(this.http.get("/console").browser().session(session).send().status()).isEqualTo(302);
	}

	@Test
	void aFormOfThePagesRefusesAPostWithoutTheCsrfToken() {
		String session = logIn();
		HostHttp.Response post = this.http.post("/console/notices")
			.browser()
			.session(session)
			.form(Map.of("text", "没有令牌"))
			.send();
		assertThat(post.status()).isEqualTo(403);
		assertThat(post.body()).doesNotContain("Published");
	}

	@Test
	void aFormOfThePagesAcceptsAPostWithTheCsrfToken() {
		String session = logIn();
		String csrf = csrfTokenOf(this.http.get("/console").browser().session(session).send());
		HostHttp.Response post = this.http.post("/console/notices")
			.browser()
			.session(session)
			.form(Map.of("_csrf", csrf, "text", "双十一大促"))
			.send();
		assertThat(post.status()).as(post.toString()).isEqualTo(200);
		assertThat(post.body()).contains("Published: 双十一大促");
	}

	@Test
	void logoutEndsTheSession() {
		String session = logIn();
		String csrf = csrfTokenOf(this.http.get("/console").browser().session(session).send());
		HostHttp.Response logout = this.http.post("/logout")
			.browser()
			.session(session)
			.form(Map.of("_csrf", csrf))
			.send();
		assertThat(logout.status()).isEqualTo(302);
		assertThat(logout.header("Location")).endsWith("/login?logout");
		assertThat(this.http.get("/console").browser().session(session).send().status()).isEqualTo(302);
	}

	/**
	 * Logs the operator in with the login form, as a browser does.
	 * @return the session id of the logged-in operator
	 */
	protected String logIn() {
		HostHttp.Response loginPage = this.http.get("/login").browser().send();
		assertThat(loginPage.status()).as(loginPage.toString()).isEqualTo(200);
		HostHttp.Response login = submitLogin(loginPage.newSessionId().orElseThrow(), csrfTokenOf(loginPage),
				OPERATOR_PASSWORD);
		assertThat(login.status()).as(login.toString()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		return login.newSessionId().orElseThrow();
	}

	private HostHttp.Response submitLogin(String session, String csrf, String password) {
		return this.http.post("/login")
			.browser()
			.session(session)
			.form(Map.of("username", OPERATOR, "password", password, "_csrf", csrf))
			.send();
	}

	protected static String csrfTokenOf(HostHttp.Response page) {
		Matcher input = CSRF_INPUT.matcher(page.body());
		assertThat(input.find()).as("a CSRF token in %s", page.body()).isTrue();
		return input.group(1);
	}

}
