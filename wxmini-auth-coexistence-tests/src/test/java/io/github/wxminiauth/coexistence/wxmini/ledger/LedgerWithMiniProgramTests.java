package io.github.wxminiauth.coexistence.wxmini.ledger;

import io.github.wxminiauth.coexistence.ledger.LedgerTests;
import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.MiniProgram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.CLERK;
import static io.github.wxminiauth.coexistence.ledger.LedgerAccounts.CLERK_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger with {@code wxMini()} in its chain: every test of {@link LedgerTests} (inherited,
 * unchanged), and the mini program's customers judged by the same method security.
 */
@SpringBootTest(classes = LedgerWithMiniProgramApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class LedgerWithMiniProgramTests extends LedgerTests {

	@Test
	void securedLetsTheMiniProgramsCustomerSeeTheirInvoices() {
		String token = new MiniProgram(this.http).login("o-ledger-invoices");
		HostHttp.Response invoices = this.http.get("/ledger/my-invoices").bearer(token).send();
		assertThat(invoices.status()).as(invoices.toString()).isEqualTo(200);
		assertThat(invoices.text("customer")).isEqualTo("o-ledger-invoices");
		assertThat(this.http.get("/ledger/my-invoices").basic(CLERK, CLERK_PASSWORD).send().status()).isEqualTo(403);
	}

	@Test
	void securedKeepsTheMiniProgramsCustomerOutOfTheClerksWork() {
		String token = new MiniProgram(this.http).login("o-ledger-clerk-work");
		assertThat(this.http.get("/ledger/entries").bearer(token).send().status()).isEqualTo(403);
		assertThat(this.http.post("/ledger/close-month").bearer(token).send().status()).isEqualTo(403);
	}

	@Test
	void preAuthorizeStaysUnenforcedForTheMiniProgramsCustomerToo() {
		String token = new MiniProgram(this.http).login("o-ledger-forecast");
		assertThat(this.http.get("/ledger/forecast").bearer(token).send().status()).isEqualTo(200);
	}

}
