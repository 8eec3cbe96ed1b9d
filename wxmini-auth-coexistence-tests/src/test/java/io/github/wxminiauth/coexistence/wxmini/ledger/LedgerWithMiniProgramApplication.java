package io.github.wxminiauth.coexistence.wxmini.ledger;

import io.github.wxminiauth.coexistence.ledger.Ledger;
import io.github.wxminiauth.coexistence.ledger.LedgerAccounts;
import io.github.wxminiauth.coexistence.ledger.LedgerApi;
import io.github.wxminiauth.coexistence.ledger.LedgerApplication;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The ledger of {@link LedgerApplication} with {@code wxMini()} in its chain, so that customers
 * see their invoices in the mini program ({@link LedgerWithMiniProgramSecurity}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ LedgerAccounts.class, Ledger.class, LedgerApi.class })
public class LedgerWithMiniProgramApplication {

}
