package io.github.wxminiauth.security.authentication;

import java.time.Duration;
import java.time.Instant;

import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class WxMiniAuthenticationProviderTests {

	private static final WxApp APP = new WxApp("default", "wx-app", "app-secret");

	private static final String SESSION_KEY = "c2Vzc2lvbi1rZXktTVVTVC1OT1QtTEVBSw==";

	private final WxApiClient wechat = new SessionOnlyClient();

	@Test
	void loginKeepsTheLatestSessionKeyOfTheUser() {
		SessionKeyStore sessionKeys = new InMemorySessionKeyStore(new MutableClock(Instant.EPOCH),
				Duration.ofDays(3));
		WxMiniAuthenticationProvider provider = new WxMiniAuthenticationProvider(this.wechat,
				new InMemoryWxUserDetailsService(), sessionKeys);

		Authentication result = provider.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1"));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(sessionKeys.find("wx-app", "openid-1")).isEqualTo(SESSION_KEY);
	}

	@Test
	void loginSucceedsWhenTheSessionKeyCannotBeKeptAndTheKeyIsNotLogged(CapturedOutput output) {
		SessionKeyStore failing = new SessionKeyStore() {

			@Override
			public void save(String appId, String openid, String sessionKey) {
				throw new IllegalStateException("store down, would have kept " + sessionKey);
			}

			@Override
			public @Nullable String find(String appId, String openid) {
				return null;
			}

		};
		WxMiniAuthenticationProvider provider = new WxMiniAuthenticationProvider(this.wechat,
				new InMemoryWxUserDetailsService(), failing);

		Authentication result = provider.authenticate(WxMiniAuthenticationToken.unauthenticated(APP, "code-1"));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(output).contains("Could not keep the session key of openid openid-1").doesNotContain(SESSION_KEY);
	}

	private static final class SessionOnlyClient implements WxApiClient {

		@Override
		public WxSession code2Session(WxApp app, String code) {
			return new WxSession("openid-1", null, SESSION_KEY);
		}

		@Override
		public WxAccessToken fetchStableAccessToken(WxApp app) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid) {
			throw new UnsupportedOperationException();
		}

	}

}
