package io.github.wxminiauth.coexistence.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop's backend as it was before the mini program: staff and partner systems call its API with
 * HTTP Basic, or with the RS256 JWT that {@code POST /token} (behind Basic) and
 * {@code POST /api/auth/login} (username and password as JSON) issue, which its OAuth2 resource
 * server verifies. {@code @PreAuthorize} guards the orders and the admin report.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ShopApplication {

}
