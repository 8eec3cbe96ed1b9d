package io.github.wxminiauth.coexistence.ledger;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A finance ledger that chose its method security long ago: {@code @Secured} and
 * {@code @RolesAllowed}, and not {@code @PreAuthorize} ({@link LedgerSecurity}). Clerks and the
 * manager call it with HTTP Basic.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class LedgerApplication {

}
