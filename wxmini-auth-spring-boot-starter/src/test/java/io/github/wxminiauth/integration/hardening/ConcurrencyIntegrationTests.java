package io.github.wxminiauth.integration.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing requests over real HTTP never duplicate a user, never lose a verified phone number and
 * never turn one refresh token into two live ones.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID,
				// Many requests from one address: rate limits have their own tests (RateLimitIntegrationTests).
				"wxmini.rate-limit.enabled=false", "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=concurrency-test-secret-of-32-bytes!!" })
class ConcurrencyIntegrationTests {

	private static final int RACERS = 16;

	static WeChatStub wechat;

	@Autowired
	RecordingUserDetailsService users;

	TestHttp http;

	@BeforeEach
	void setUp() {
		wechat.reset();
	}

	@Test
	void concurrentFirstLoginsOfOneOpenidCreateExactlyOneUser() throws Exception {
		int createdBefore = this.users.created.get();
		int distinctBefore = this.users.registeredUsers.size();
		for (int i = 0; i < RACERS; i++) {
			wechat.login("first-login-" + i, "openid-racing-first-login");
		}
		List<TestHttp.Response> logins = race((i) -> this.http.postJson("/wx/login",
				"{\"code\":\"first-login-" + i + "\"}"));

		assertThat(logins).allSatisfy((login) -> assertThat(login.status()).isEqualTo(200));
		// Counted in the store, not from the answers: it created one user and handed out no other.
		assertThat(this.users.created).as("users the store created").hasValue(createdBefore + 1);
		assertThat(this.users.registeredUsers).as("distinct users the store handed out")
			.hasSize(distinctBefore + 1)
			.filteredOn((user) -> user.openid().equals("openid-racing-first-login"))
			.hasSize(1);
		assertThat(this.users.loadUser(WeChatStub.APP_ID, "openid-racing-first-login")).isNotNull();
		assertThat(logins.stream().filter((login) -> login.json().get("new_user").asBoolean()))
			.as("exactly one login was told it created the user")
			.hasSize(1);
		assertThat(logins.stream().map((login) -> login.text("refresh_token")).collect(Collectors.toSet()))
			.as("every login is its own session")
			.hasSize(RACERS);
	}

	@Test
	void concurrentPhoneBindingsOfOneUserKeepOneOfTheVerifiedNumbers() throws Exception {
		String token = login("openid-racing-phone");
		wechat.stableToken();
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < RACERS; i++) {
			String number = "139" + String.format("%08d", i);
			numbers.add(number);
			wechat.phone("racing-phone-" + i, number);
		}

		List<TestHttp.Response> bindings = race(
				(i) -> this.http.postJson("/wx/phone", "{\"code\":\"racing-phone-" + i + "\"}", token));

		assertThat(bindings).allSatisfy((binding) -> {
			assertThat(binding.status()).isIn(200, 503);
			if (binding.status() != 200) {
				assertThat(binding.header("Content-Type")).startsWith("application/problem+json");
			}
		});
		Set<String> answered = bindings.stream()
			.filter((binding) -> binding.status() == 200)
			.map((binding) -> binding.text("pure_phone_number"))
			.collect(Collectors.toSet());
		assertThat(answered).isNotEmpty();
		WxUserDetails user = this.users.loadUser(WeChatStub.APP_ID, "openid-racing-phone");
		assertThat(user.phoneNumber()).as("the stored number is one that was verified and answered")
			.isNotNull()
			.satisfies((stored) -> assertThat(answered.stream().anyMatch(stored::endsWith)).isTrue());
		assertThat(numbers.stream().anyMatch(user.phoneNumber()::endsWith)).isTrue();
		assertThat(wechat.phoneCalls()).as("one billed call per request, none repeated").isEqualTo(RACERS);
	}

	@Test
	void concurrentRefreshesOfOneRefreshTokenLetExactlyOneWin() throws Exception {
		wechat.login("racing-refresh", "openid-racing-refresh");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"racing-refresh\"}");
		String refreshToken = login.text("refresh_token");

		List<TestHttp.Response> refreshes = race((i) -> this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + refreshToken + "\"}"));

		List<TestHttp.Response> won = refreshes.stream().filter((r) -> r.status() == 200).toList();
		assertThat(won).as("exactly one refresh wins").hasSize(1);
		assertThat(refreshes.stream().filter((r) -> r.status() != 200)).hasSize(RACERS - 1)
			.allSatisfy((lost) -> {
				assertThat(lost.status()).isEqualTo(401);
				assertThat(lost.text("error")).isEqualTo("invalid_grant");
			});
		assertThat(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}").status())
			.as("the raced token is spent")
			.isEqualTo(401);
		// The losers presented a spent token: reuse revokes the chain, the winner's new token included.
		// So at most one refresh token (and here none) is alive afterwards.
		String winnersToken = won.get(0).text("refresh_token");
		assertThat(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + winnersToken + "\"}").status())
			.isEqualTo(401);
	}

	private String login(String openid) {
		wechat.login("code-" + openid, openid);
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-" + openid + "\"}");
		assertThat(login.status()).isEqualTo(200);
		return login.text("access_token");
	}

	private static List<TestHttp.Response> race(IndexedRequest request) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(RACERS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<TestHttp.Response>> futures = new ArrayList<>();
			for (int i = 0; i < RACERS; i++) {
				int index = i;
				Callable<TestHttp.Response> racer = () -> {
					start.await();
					return request.send(index);
				};
				futures.add(executor.submit(racer));
			}
			start.countDown();
			List<TestHttp.Response> responses = new ArrayList<>();
			for (Future<TestHttp.Response> future : futures) {
				responses.add(future.get(30, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface IndexedRequest {

		TestHttp.Response send(int index);

	}

}
