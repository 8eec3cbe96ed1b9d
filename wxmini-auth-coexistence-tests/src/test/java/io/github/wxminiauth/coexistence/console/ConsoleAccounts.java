package io.github.wxminiauth.coexistence.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The console's operators.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleAccounts {

	public static final String OPERATOR = "operator";

	public static final String OPERATOR_PASSWORD = "operator-password";

	@Bean
	UserDetailsService consoleOperators(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(User.withUsername(OPERATOR)
			.password(passwordEncoder.encode(OPERATOR_PASSWORD))
			.roles("OPERATOR")
			.build());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
