package io.github.wxminiauth.phone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.accesstoken.internal.CachingAccessTokenProvider;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PhoneNumberService}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PhoneNumberServiceTests {

	private static final String APP_ID = "wx1234567890abcdef";

	private static final String OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M";

	private static final WxPrincipal PRINCIPAL = new WxPrincipal(APP_ID, OPENID, null, "session-1");

	private static final PhoneNumber PHONE = new PhoneNumber("13800138000", "13800138000", "86");

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final WxAppRegistry apps = WxAppRegistry.of(new WxApp("default", APP_ID, "the-app-secret"));

	private final FakeWeChat weChat = new FakeWeChat();

	private final InMemoryWxUserDetailsService users = new InMemoryWxUserDetailsService();

	@Test
	void bindStoresTheNumberAndReturnsTheUpdatedUser() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.weChat.answers.add(PHONE);
		PhoneNumberBinding binding = service(this.users).bind(PRINCIPAL, "phone-code");
		assertThat(binding.phoneNumber()).isEqualTo(PHONE);
		assertThat(binding.user().phoneNumber()).isEqualTo("13800138000");
		assertThat(binding.user().authorities()).contains("PHONE_VERIFIED");
		assertThat(this.users.loadUser(APP_ID, OPENID)).isEqualTo(binding.user());
	}

	@Test
	void bindStoresTheNumberBeforeItReturns() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.weChat.answers.add(PHONE);
		List<String> events = new ArrayList<>();
		WxUserDetailsService recording = new DelegatingUsers(this.users) {

			@Override
			public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
				events.add("stored " + appId + " " + openid + " " + phoneNumber.phoneNumber());
				return super.bindPhoneNumber(appId, openid, phoneNumber);
			}

		};
		service(recording).bind(PRINCIPAL, "phone-code");
		events.add("returned");
		assertThat(events).containsExactly("stored " + APP_ID + " " + OPENID + " 13800138000", "returned");
	}

	@Test
	void bindPassesTheCodeAndOpenidToWeChat() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.weChat.answers.add(PHONE);
		service(this.users).bind(PRINCIPAL, "phone-code");
		assertThat(this.weChat.phoneCalls).containsExactly("token-1 phone-code " + OPENID);
	}

	@Test
	void bindRetriesOnceWhenWeChatRejectsTheAccessToken() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.weChat.answers.add(new WxInvalidAccessTokenException("getuserphonenumber", 40001, "invalid credential"));
		this.weChat.answers.add(PHONE);
		PhoneNumberBinding binding = service(this.users).bind(PRINCIPAL, "phone-code");
		assertThat(binding.phoneNumber()).isEqualTo(PHONE);
		assertThat(this.weChat.phoneCalls).containsExactly("token-1 phone-code " + OPENID,
				"token-2 phone-code " + OPENID);
		assertThat(this.weChat.tokenFetches).hasValue(2);
		assertThat(this.users.loadUser(APP_ID, OPENID).phoneNumber()).isEqualTo("13800138000");
	}

	@Test
	void bindWithAnInvalidCodeStoresNothing() {
		this.users.loadOrRegister(new WxIdentity(APP_ID, OPENID, null));
		this.weChat.answers.add(new WxInvalidCodeException("getuserphonenumber", 40029, "invalid code"));
		assertThatExceptionOfType(WxInvalidCodeException.class)
			.isThrownBy(() -> service(this.users).bind(PRINCIPAL, "phone-code"));
		assertThat(this.weChat.phoneCalls).hasSize(1);
		WxUserDetails user = this.users.loadUser(APP_ID, OPENID);
		assertThat(user.isPhoneBound()).isFalse();
		assertThat(user.authorities()).doesNotContain("PHONE_VERIFIED");
	}

	@Test
	void storageFailureIsRethrownAndLoggedWithTheNumberMasked(CapturedOutput output) {
		this.weChat.answers.add(PHONE);
		IllegalStateException failure = new IllegalStateException("database is down");
		WxUserDetailsService failing = new DelegatingUsers(this.users) {

			@Override
			public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
				throw failure;
			}

		};
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> service(failing).bind(PRINCIPAL, "phone-code"))
			.isSameAs(failure);
		assertThat(this.weChat.phoneCalls).hasSize(1);
		assertThat(output).contains("ERROR").contains(APP_ID).contains(OPENID).contains("138****8000");
		assertThat(output).doesNotContain("13800138000");
	}

	@Test
	void bindForAnUnconfiguredAppFailsWithoutCallingWeChat() {
		WxPrincipal stranger = new WxPrincipal("wxunknown", OPENID, null, "session-1");
		assertThatIllegalArgumentException().isThrownBy(() -> service(this.users).bind(stranger, "phone-code"));
		assertThat(this.weChat.phoneCalls).isEmpty();
		assertThat(this.weChat.tokenFetches).hasValue(0);
	}

	@Test
	void maskKeepsOnlyTheEdgesOfTheNumber() {
		assertThat(PhoneNumberService.mask(PHONE)).isEqualTo("+86 138****8000");
		assertThat(PhoneNumberService.mask(new PhoneNumber("+852 51234567", "51234567", "852")))
			.isEqualTo("+852 512****4567");
		assertThat(PhoneNumberService.mask(new PhoneNumber("+1 12345", "12345", "1"))).isEqualTo("+1 ****45");
	}

	private PhoneNumberService service(WxUserDetailsService userService) {
		CachingAccessTokenProvider accessTokens = new CachingAccessTokenProvider(this.apps, this.weChat,
				new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));
		return new PhoneNumberService(this.apps, this.weChat, accessTokens, userService);
	}

	/**
	 * A WeChat that answers phone-number calls from a script and records them.
	 */
	private final class FakeWeChat implements WxApiClient {

		final AtomicInteger tokenFetches = new AtomicInteger();

		final Deque<Object> answers = new ArrayDeque<>();

		final List<String> phoneCalls = new ArrayList<>();

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			Instant now = PhoneNumberServiceTests.this.clock.instant();
			return new WxAccessToken("token-" + this.tokenFetches.incrementAndGet(), now, now.plusSeconds(7200));
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			this.phoneCalls.add(accessToken + " " + code + " " + openid);
			Object answer = this.answers.poll();
			if (answer instanceof RuntimeException ex) {
				throw ex;
			}
			return (PhoneNumber) answer;
		}

		@Override
		public WxSession code2Session(WxApp app, String code) {
			throw new UnsupportedOperationException();
		}

	}

	private static class DelegatingUsers implements WxUserDetailsService {

		private final WxUserDetailsService delegate;

		DelegatingUsers(WxUserDetailsService delegate) {
			this.delegate = delegate;
		}

		@Override
		public WxUserRegistration loadOrRegister(WxIdentity identity) {
			return this.delegate.loadOrRegister(identity);
		}

		@Override
		public @Nullable WxUserDetails loadUser(String appId, String openid) {
			return this.delegate.loadUser(appId, openid);
		}

		@Override
		public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
			return this.delegate.bindPhoneNumber(appId, openid, phoneNumber);
		}

	}

}
