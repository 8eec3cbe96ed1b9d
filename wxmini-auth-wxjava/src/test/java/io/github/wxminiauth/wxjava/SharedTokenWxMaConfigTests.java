package io.github.wxminiauth.wxjava;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.wechat.WxApp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SharedTokenWxMaConfigTests {

	private static final WxApp APP = new WxApp("default", "wx1234567890abcdef", "app-secret-MUST-NOT-LEAK");

	private final RecordingAccessTokenProvider provider = new RecordingAccessTokenProvider("token-1");

	private final SharedTokenWxMaConfig config = new SharedTokenWxMaConfig(APP, this.provider);

	@Test
	void expireAccessTokenExpiresTheTokenThisThreadWasHanded() {
		assertThat(this.config.getAccessToken()).isEqualTo("token-1");

		this.config.expireAccessToken();

		assertThat(this.provider.expired).containsExactly("token-1");
	}

	@Test
	void aLateFailureDoesNotExpireTheTokenThatReplacedIt() throws Exception {
		assertThat(this.config.getAccessToken()).isEqualTo("token-1");
		this.provider.issue("token-2");

		this.config.expireAccessToken();

		assertThat(this.provider.expired).isEmpty();
	}

	@Test
	void expireAccessTokenExpiresNothingForAThreadThatWasHandedNoToken() throws Exception {
		assertThat(this.config.getAccessToken()).isEqualTo("token-1");

		CompletableFuture.runAsync(this.config::expireAccessToken).get(10, TimeUnit.SECONDS);

		assertThat(this.provider.expired).isEmpty();
	}

	@Test
	void expireAccessTokenExpiresAHandedTokenOnlyOnce() {
		this.config.getAccessToken();

		this.config.expireAccessToken();
		this.config.expireAccessToken();

		assertThat(this.provider.expired).containsExactly("token-1");
	}

	@Test
	void theTokenIsNeverExpiredInWxJavasEyesAndItsLockIsAlwaysFree() {
		assertThat(this.config.isAccessTokenExpired()).isFalse();
		assertThat(this.config.getAccessTokenLock().tryLock()).isTrue();
		assertThat(this.config.isStableAccessToken()).isTrue();
		assertThat(this.config.getAppid()).isEqualTo(APP.appId());
		assertThat(this.config.getSecret()).isEqualTo(APP.appSecret());
	}

	@Test
	void toStringNamesTheAppWithoutItsSecretOrToken() {
		this.config.getAccessToken();

		assertThat(this.config.toString()).contains(APP.appId())
			.doesNotContain(APP.appSecret())
			.doesNotContain("token-1");
	}

	@Test
	void storingATokenFromElsewhereIsRefused() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.config.updateAccessToken("other", 7200));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.config.setAccessToken("other"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.config.setExpiresTime(0));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.config.useStableAccessToken(false));
		assertThat(this.config.getAccessToken()).isEqualTo("token-1");
	}

}
