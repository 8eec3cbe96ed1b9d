package io.github.wxminiauth.test.demo;

import io.github.wxminiauth.test.context.support.WithMockWxUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authorization.AuthorizationDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link WithMockWxUser} for a method-security test without MockMvc.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
class GreetingServiceMethodSecurityTests {

	@Autowired
	private GreetingService greetings;

	@Test
	@WithMockWxUser(openid = "oAlice", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
	void aMemberIsGreeted() {
		assertThat(this.greetings.greetMember()).isEqualTo("Welcome back, oAlice");
	}

	@Test
	@WithMockWxUser(openid = "oBob")
	void aUserWithoutThePhoneIsDenied() {
		assertThatExceptionOfType(AuthorizationDeniedException.class).isThrownBy(this.greetings::greetMember);
	}

}
