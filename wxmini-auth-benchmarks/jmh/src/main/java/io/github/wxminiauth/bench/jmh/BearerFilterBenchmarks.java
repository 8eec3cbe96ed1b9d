package io.github.wxminiauth.bench.jmh;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.wxminiauth.security.web.internal.WxBearerTokenAuthenticationFilter;
import io.github.wxminiauth.security.web.internal.WxMiniAuthenticationEntryPoint;
import io.github.wxminiauth.security.web.internal.WxProblemWriter;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The starter's {@link WxBearerTokenAuthenticationFilter} on a mock request carrying a valid
 * token (the work of S3's authenticated request beyond the permitAll one), beside the
 * hand-written java-jwt filter of the baseline and the bare HS256 verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BearerFilterBenchmarks {

	private static final byte[] SECRET = "bench-jwt-secret-0123456789abcdef-0123456789".getBytes();

	private WxBearerTokenAuthenticationFilter starterFilter;

	private OncePerRequestFilter tutorialFilter;

	private final OncePerRequestFilter passThroughFilter = new OncePerRequestFilter() {
		@Override
		protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
				jakarta.servlet.http.HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
		}
	};

	private JWTVerifier verifier;

	private String header;

	private String token;

	@Setup
	public void setUp() {
		Clock clock = Clock.systemUTC();
		WxAppRegistry apps = WxAppRegistry.of(new WxApp("default", "wxbench0000000001", "bench-app-secret"));
		AccessJwtCodec codec = AccessJwtCodec.hs256(SECRET, "wxmini-auth", Duration.ofSeconds(30), clock);
		WxTokenService tokens = new WxTokenService(codec, new InMemoryRefreshTokenStore(clock),
				new InMemoryWxUserDetailsService(), apps, clock, Duration.ofHours(2), Duration.ofDays(30));
		this.starterFilter = new WxBearerTokenAuthenticationFilter(tokens,
				new WxMiniAuthenticationEntryPoint(new WxProblemWriter(JsonMapper.builder().build())),
				new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/wx/login"),
						PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/wx/token/refresh")));
		Instant now = clock.instant();
		this.token = codec.encode(new WxPrincipal("wxbench0000000001", "o_user123456789", null, "c2Vzc2lvbmlkMTIz"),
				List.of("ROLE_USER"), now, now.plus(Duration.ofHours(2)), "Zm9vYmFyYmF6cXV4MTIz");
		this.verifier = JWT.require(Algorithm.HMAC256(SECRET)).withIssuer("wxmini-auth").build();
		JWTVerifier tutorialVerifier = this.verifier;
		this.tutorialFilter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
					jakarta.servlet.http.HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String header = request.getHeader("Authorization");
				if (header != null && header.startsWith("Bearer ")) {
					DecodedJWT jwt = tutorialVerifier.verify(header.substring(7));
					SecurityContextHolder.getContext()
						.setAuthentication(new UsernamePasswordAuthenticationToken(jwt.getSubject(), jwt,
								AuthorityUtils.createAuthorityList(jwt.getClaim("authorities").asList(String.class))));
				}
				chain.doFilter(request, response);
			}
		};
		this.header = "Bearer " + this.token;
	}

	@Benchmark
	public void starterFilter(Blackhole blackhole) throws Exception {
		run(this.starterFilter, blackhole);
	}

	@Benchmark
	public void tutorialFilter(Blackhole blackhole) throws Exception {
		run(this.tutorialFilter, blackhole);
	}

	/**
	 * The same request and chain with a filter that does nothing: subtract it from the others to
	 * get a filter's own cost.
	 */
	@Benchmark
	public void passThroughFilter(Blackhole blackhole) throws Exception {
		run(this.passThroughFilter, blackhole);
	}

	@Benchmark
	public DecodedJWT javaJwtVerifyOnly() {
		return this.verifier.verify(this.token);
	}

	private void run(OncePerRequestFilter filter, Blackhole blackhole) throws Exception {
		// A new request with a new header String each time, as a servlet container gives: its hash
		// code is not cached yet, so a lookup keyed by the token pays for hashing it.
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/hello");
		request.addHeader("Authorization", new String(this.header.toCharArray()));
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> blackhole
			.consume(SecurityContextHolder.getContext().getAuthentication()));
		SecurityContextHolder.clearContext();
	}

}
