package io.github.wxminiauth.coexistence.partner;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A partner API as it was before the mini program: partner systems call it with the opaque
 * tokens of the group's authorization server, which it introspects (OAuth2 resource server,
 * {@code opaqueToken()}), and the operations team with HTTP Basic.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PartnerApiApplication {

}
