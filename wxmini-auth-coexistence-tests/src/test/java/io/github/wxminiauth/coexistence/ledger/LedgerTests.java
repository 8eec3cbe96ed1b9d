package io.github.wxminiauth.coexistence.ledger;

import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.WeChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.CLERK;
import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.CLERK_PASSWORD;
import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.MANAGER;
import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.MANAGER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ledger's own tests of its method security: {@code @Secured} and {@code @RolesAllowed}
 * enforced, {@code @PreAuthorize} not, as it configured.
 */
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class LedgerTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Ledger ledger;

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
	void securedLetsTheClerkReadTheEntries() {
		HostHttp.Response entries = this.http.get("/ledger/entries").basic(CLERK, CLERK_PASSWORD).send();
		assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
		assertThat(entries.body()).contains("收款");
	}

	@Test
	void securedLetsOnlyTheManagerCloseTheMonth() {
		assertThat(this.http.post("/ledger/close-month").basic(CLERK, CLERK_PASSWORD).send().status()).isEqualTo(403);
		HostHttp.Response closed = this.http.post("/ledger/close-month").basic(MANAGER, MANAGER_PASSWORD).send();
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		assertThat(closed.text("result")).isEqualTo("2026-11 closed");
	}

	@Test
	void rolesAllowedLetsOnlyTheManagerSeeThePayroll() {
		assertThat(this.http.get("/ledger/payroll").basic(CLERK, CLERK_PASSWORD).send().status()).isEqualTo(403);
		assertThat(this.http.get("/ledger/payroll").basic(MANAGER, MANAGER_PASSWORD).send().status()).isEqualTo(200);
	}

	@Test
	void preAuthorizeIsNotEnforcedBecauseTheLedgerTurnedItOff() {
		HostHttp.Response forecast = this.http.get("/ledger/forecast").basic(CLERK, CLERK_PASSWORD).send();
		assertThat(forecast.status()).as(forecast.toString()).isEqualTo(200);
		assertThat(forecast.text("result")).isEqualTo("forecast 2026-12");
	}

	@Test
	void theLedgerServiceItselfEnforcesSecuredAndRolesAllowed() {
		runAsClerk(() -> {
			assertThat(this.ledger.entries()).isNotEmpty();
			assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(this.ledger::closeMonth);
			assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(this.ledger::payroll);
		});
	}

	@Test
	void theLedgerServiceItselfDoesNotEnforcePreAuthorize() {
		runAsClerk(() -> assertThat(this.ledger.forecast()).isEqualTo("forecast 2026-12"));
	}

	@Test
	void aWrongPasswordIsRefusedWith401() {
		assertThat(this.http.get("/ledger/entries").basic(CLERK, "not-the-password").send().status()).isEqualTo(401);
	}

	private static void runAsClerk(Runnable call) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(CLERK, null,
					AuthorityUtils.createAuthorityList("ROLE_CLERK")));
		try {
			call.run();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
