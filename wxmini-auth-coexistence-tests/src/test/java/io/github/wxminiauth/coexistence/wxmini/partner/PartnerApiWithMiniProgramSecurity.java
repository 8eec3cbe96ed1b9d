package io.github.wxminiauth.coexistence.wxmini.partner;

import io.github.wxminiauth.coexistence.partner.PartnerSecurity;
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
 * The security of {@link PartnerSecurity} with {@code http.with(WxMiniConfigurer.wxMini(), …)}
 * added to its chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class PartnerApiWithMiniProgramSecurity {

	@Bean
	SecurityFilterChain partnerSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer((resourceServer) -> resourceServer.opaqueToken(Customizer.withDefaults()))
			.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
