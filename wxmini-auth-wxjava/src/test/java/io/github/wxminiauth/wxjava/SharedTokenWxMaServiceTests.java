package io.github.wxminiauth.wxjava;

import cn.binarywang.wx.miniapp.config.impl.WxMaDefaultConfigImpl;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import me.chanjar.weixin.common.error.WxErrorException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SharedTokenWxMaServiceTests {

	private static final WxApp APP = new WxApp("default", "wx1234567890abcdef", "app-secret");

	private final RecordingAccessTokenProvider provider = new RecordingAccessTokenProvider("token-1");

	private final SharedTokenWxMaService service = new SharedTokenWxMaService();

	SharedTokenWxMaServiceTests() {
		this.service.setWxMaConfig(new SharedTokenWxMaConfig(APP, this.provider));
	}

	@Test
	void aForcedRefreshReadsTheProvidersToken() throws Exception {
		assertThat(this.service.getAccessToken(true)).isEqualTo("token-1");
		assertThat(this.service.getAccessToken()).isEqualTo("token-1");
		assertThat(this.provider.expired).isEmpty();
	}

	@Test
	void aTokenTheProviderCannotObtainIsAWxErrorExceptionWithWeChatsErrcode() {
		this.provider.failWith(new WxMisconfiguredException("stable_token", 40013, "invalid appid"));

		assertThatExceptionOfType(WxErrorException.class).isThrownBy(() -> this.service.getAccessToken(false))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(40013))
			.withCauseInstanceOf(WxMisconfiguredException.class);
	}

	@Test
	void aBusyWeChatIsNotReportedAsBusySoWxJavaDoesNotRetryTheFetch() {
		this.provider.failWith(new WxUnavailableException("stable_token", -1, "system busy"));

		assertThatExceptionOfType(WxErrorException.class).isThrownBy(() -> this.service.getAccessToken(false))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(-99));
	}

	@Test
	void aConfigThatIsNotSharedIsRefused() {
		SharedTokenWxMaService other = new SharedTokenWxMaService();
		WxMaDefaultConfigImpl config = new WxMaDefaultConfigImpl();
		config.setAppid("wxother");
		other.setWxMaConfig(config);

		assertThatIllegalStateException().isThrownBy(() -> other.getAccessToken(false))
			.withMessageContaining("wxother");
	}

}
