package io.github.wxminiauth.bench;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.api.impl.WxMaServiceImpl;
import cn.binarywang.wx.miniapp.bean.WxMaJscode2SessionResult;
import cn.binarywang.wx.miniapp.bean.WxMaPhoneNumberInfo;
import cn.binarywang.wx.miniapp.config.impl.WxMaDefaultConfigImpl;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.apache.DefaultApacheHttpClientBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The usual alternative, as most tutorials teach it: WxJava's {@link WxMaServiceImpl} with its
 * default configuration ({@link WxMaDefaultConfigImpl}: in-memory access token, its own lock, the
 * plain token API, its default Apache HttpClient 4 pool, or with {@code wx.max-connections} a pool of
 * that size) pointed at the stub, a hand-written
 * java-jwt {@link OncePerRequestFilter}, users and refresh tokens in maps. The access token
 * carries the same claims as the starter's.
 */
@SpringBootApplication
@RestController
public class BaselineApplication {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final ConcurrentMap<String, List<String>> users = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, String> refreshTokens = new ConcurrentHashMap<>();

	private final WxMaService wxMaService;

	private final Algorithm algorithm;

	private final String appId;

	BaselineApplication(@Value("${wx.base-url}") String baseUrl, @Value("${wx.app-id}") String appId,
			@Value("${wx.app-secret}") String appSecret, @Value("${jwt.secret}") String jwtSecret,
			@Value("${wx.max-connections:0}") int maxConnections) {
		WxMaDefaultConfigImpl config = new WxMaDefaultConfigImpl();
		config.setAppid(appId);
		config.setSecret(appSecret);
		config.setApiHostUrl(baseUrl);
		if (maxConnections > 0) {
			// The tuned baseline (baseline-200): a careful user raises WxJava's pool, 10 connections
			// per host and 50 in all by default, to the server's 200 threads.
			DefaultApacheHttpClientBuilder httpClient = DefaultApacheHttpClientBuilder.get();
			httpClient.setMaxConnPerHost(maxConnections);
			httpClient.setMaxTotalConn(maxConnections);
			config.setApacheHttpClientBuilder(httpClient);
		}
		WxMaServiceImpl service = new WxMaServiceImpl();
		service.setWxMaConfig(config);
		this.wxMaService = service;
		this.algorithm = Algorithm.HMAC256(jwtSecret);
		this.appId = appId;
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BaselineApplication.class);
		if (Boolean.getBoolean("bench.startup-events")) {
			// Start-up steps (bean creation, configuration processing) as JFR events, for S5 analysis.
			application.setApplicationStartup(new FlightRecorderApplicationStartup());
		}
		application.run(args);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/wx/login", "/hello", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.addFilterBefore(new JwtAuthenticationFilter(JWT.require(this.algorithm).withIssuer("wxmini-auth").build()),
					UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	// Keeps Boot from generating a user and logging its password.
	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager();
	}

	@PostMapping("/wx/login")
	ResponseEntity<Map<String, Object>> login(@RequestBody Map<String, String> body) {
		String code = body.get("code");
		if (code == null || code.isBlank()) {
			return ResponseEntity.badRequest().build();
		}
		WxMaJscode2SessionResult session;
		try {
			session = this.wxMaService.getUserService().getSessionInfo(code);
		}
		catch (WxErrorException ex) {
			return ResponseEntity.status(401).build();
		}
		String openid = session.getOpenid();
		boolean[] created = new boolean[1];
		List<String> authorities = this.users.computeIfAbsent(openid, (key) -> {
			created[0] = true;
			return List.of("ROLE_USER");
		});
		String sid = UUID.randomUUID().toString();
		String refreshToken = randomToken();
		this.refreshTokens.put(refreshToken, openid + " " + sid);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("access_token", sign(openid, sid, authorities));
		response.put("token_type", "Bearer");
		response.put("expires_in", 7200);
		response.put("refresh_token", refreshToken);
		response.put("refresh_expires_in", 2592000);
		response.put("openid", openid);
		response.put("new_user", created[0]);
		response.put("phone_bound", authorities.contains("PHONE_VERIFIED"));
		return ResponseEntity.ok(response);
	}

	@PostMapping("/wx/phone")
	ResponseEntity<Map<String, Object>> phone(@RequestBody Map<String, String> body, Authentication authentication) {
		DecodedJWT jwt = (DecodedJWT) authentication.getCredentials();
		String openid = jwt.getClaim("openid").asString();
		WxMaPhoneNumberInfo info;
		try {
			info = this.wxMaService.getUserService().getPhoneNoInfo(body.get("code"));
		}
		catch (WxErrorException ex) {
			return ResponseEntity.status(503).build();
		}
		List<String> authorities = this.users.compute(openid, (key, existing) -> {
			List<String> updated = new ArrayList<>((existing != null) ? existing : List.of("ROLE_USER"));
			if (!updated.contains("PHONE_VERIFIED")) {
				updated.add("PHONE_VERIFIED");
			}
			return List.copyOf(updated);
		});
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("phone_number", info.getPhoneNumber());
		response.put("pure_phone_number", info.getPurePhoneNumber());
		response.put("country_code", info.getCountryCode());
		response.put("access_token", sign(openid, jwt.getClaim("sid").asString(), authorities));
		response.put("token_type", "Bearer");
		response.put("expires_in", 7200);
		return ResponseEntity.ok(response);
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/api/hello")
	String apiHello() {
		return "hello";
	}

	private String sign(String openid, String sid, List<String> authorities) {
		Instant now = Instant.now();
		return JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject(openid)
			.withIssuedAt(now)
			.withExpiresAt(now.plusSeconds(7200))
			.withJWTId(UUID.randomUUID().toString())
			.withClaim("openid", openid)
			.withClaim("appid", this.appId)
			.withClaim("sid", sid)
			.withArrayClaim("authorities", authorities.toArray(new String[0]))
			.sign(this.algorithm);
	}

	private String randomToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return BASE64URL.encodeToString(bytes);
	}

	/**
	 * The hand-written bearer filter of the tutorials.
	 */
	static final class JwtAuthenticationFilter extends OncePerRequestFilter {

		private final JWTVerifier verifier;

		JwtAuthenticationFilter(JWTVerifier verifier) {
			this.verifier = verifier;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader("Authorization");
			if (header != null && header.startsWith("Bearer ")) {
				try {
					DecodedJWT jwt = this.verifier.verify(header.substring(7));
					List<String> authorities = jwt.getClaim("authorities").asList(String.class);
					UsernamePasswordAuthenticationToken authentication = new UsernamePasswordAuthenticationToken(
							jwt.getSubject(), jwt, AuthorityUtils.createAuthorityList(authorities));
					SecurityContextHolder.getContext().setAuthentication(authentication);
				}
				catch (JWTVerificationException ex) {
					response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
					return;
				}
			}
			chain.doFilter(request, response);
		}

	}

}
