package io.github.wxminiauth.bench;

import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The starter used as a user would: in-memory users (the starter's default), its endpoints, and
 * the application's own chain with {@link WxMiniConfigurer}, written like the starter's default
 * chain plus a public {@code /hello} (S3 compares it with the authenticated {@code /api/hello}).
 */
@SpringBootApplication
@RestController
public class OursApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(OursApplication.class);
		if (Boolean.getBoolean("bench.startup-events")) {
			// Start-up steps (bean creation, configuration processing) as JFR events, for S5 analysis.
			application.setApplicationStartup(new FlightRecorderApplicationStartup());
		}
		application.run(args);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) {
		http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/hello", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/api/hello")
	String apiHello(@AuthenticationPrincipal WxPrincipal principal) {
		return "hello";
	}

}
