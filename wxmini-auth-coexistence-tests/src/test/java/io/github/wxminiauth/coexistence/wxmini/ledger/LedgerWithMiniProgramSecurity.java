package io.github.wxminiauth.coexistence.wxmini.ledger;

import io.github.wxminiauth.coexistence.ledger.LedgerSecurity;
import io.github.wxminiauth.security.config.WxMiniConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security of {@link LedgerSecurity} with {@code http.with(WxMiniConfigurer.wxMini(), …)}
 * added to its chain; its method security settings unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(prePostEnabled = false, securedEnabled = true, jsr250Enabled = true)
public class LedgerWithMiniProgramSecurity {

	@Bean
	SecurityFilterChain ledgerSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
