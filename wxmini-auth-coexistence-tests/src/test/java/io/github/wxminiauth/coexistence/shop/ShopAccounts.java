package io.github.wxminiauth.coexistence.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The shop's staff. Spring Security's global {@link AuthenticationManager} authenticates them
 * through this {@link UserDetailsService}; the JSON login uses that manager as a bean.
 */
@Configuration(proxyBeanMethods = false)
public class ShopAccounts {

	public static final String USER = "zhangsan";

	public static final String USER_PASSWORD = "zhangsan-password";

	public static final String ADMIN = "lisi";

	public static final String ADMIN_PASSWORD = "lisi-password";

	@Bean
	UserDetailsService shopUsers(PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername(USER).password(passwordEncoder.encode(USER_PASSWORD)).roles("USER").build(),
				User.withUsername(ADMIN).password(passwordEncoder.encode(ADMIN_PASSWORD)).roles("USER", "ADMIN").build());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	AuthenticationManager authenticationManager(AuthenticationConfiguration configuration) throws Exception {
		return configuration.getAuthenticationManager();
	}

}
