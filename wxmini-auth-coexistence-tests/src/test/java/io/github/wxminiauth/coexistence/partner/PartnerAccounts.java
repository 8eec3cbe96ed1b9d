package io.github.wxminiauth.coexistence.partner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The partner API's operations team.
 */
@Configuration(proxyBeanMethods = false)
public class PartnerAccounts {

	public static final String OPERATIONS = "ops";

	public static final String OPERATIONS_PASSWORD = "ops-password";

	@Bean
	UserDetailsService partnerOperations(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(User.withUsername(OPERATIONS)
			.password(passwordEncoder.encode(OPERATIONS_PASSWORD))
			.authorities("SCOPE_orders:read")
			.build());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
