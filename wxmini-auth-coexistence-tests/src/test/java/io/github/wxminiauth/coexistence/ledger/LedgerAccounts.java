package io.github.wxminiauth.coexistence.ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The ledger's clerk and manager.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerAccounts {

	public static final String CLERK = "clerk";

	public static final String CLERK_PASSWORD = "clerk-password";

	public static final String MANAGER = "manager";

	public static final String MANAGER_PASSWORD = "manager-password";

	@Bean
	UserDetailsService ledgerUsers(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername(CLERK).password(passwordEncoder.encode(CLERK_PASSWORD)).roles("CLERK").build(),
				User.withUsername(MANAGER)
					.password(passwordEncoder.encode(MANAGER_PASSWORD))
					.roles("CLERK", "MANAGER")
					.build());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
