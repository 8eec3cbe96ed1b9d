package io.github.wxminiauth.coexistence.wxmini.partner;

import io.github.wxminiauth.coexistence.partner.PartnerAccounts;
import io.github.wxminiauth.coexistence.partner.PartnerApi;
import io.github.wxminiauth.coexistence.partner.PartnerApiApplication;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The partner API of {@link PartnerApiApplication} with {@code wxMini()} in its chain
 * ({@link PartnerApiWithMiniProgramSecurity}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ PartnerAccounts.class, PartnerApi.class })
public class PartnerApiWithMiniProgramApplication {

}
