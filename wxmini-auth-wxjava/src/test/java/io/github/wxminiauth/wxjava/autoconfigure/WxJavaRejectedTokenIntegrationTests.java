package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import cn.binarywang.wx.miniapp.api.WxMaService;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import me.chanjar.weixin.common.error.WxErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two instances on one Redis, with WireMock as WeChat: when WeChat rejects the shared token
 * (40001) in WxJava calls, the token that failed is expired once and fetched again once, for
 * every caller on every instance.
 */
class WxJavaRejectedTokenIntegrationTests {

	private static final String REJECTED = "rejected-token-1";

	private static final String RENEWED = "renewed-token-2";

	private static final String THIRD = "third-token-3";

	private static final int CALLERS_PER_INSTANCE = 4;

	private final WeChat wechat = new WeChat();

	private final Instances instances = new Instances(this.wechat);

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeEach
	void startInstances() {
		this.wechat.issuesTokens(REJECTED, RENEWED, THIRD);
		this.wechat.wxaCodeRejects(REJECTED);
		this.a = this.instances.start();
		this.b = this.instances.start();
	}

	@AfterEach
	void stop() {
		this.instances.close();
		this.wechat.close();
	}

	@Test
	void concurrentCallersOnBothInstancesShareOneRefetchAfter40001() throws Exception {
		this.wechat.wxaCode(RENEWED);
		this.wechat.login("code-after", "openid-after");
		this.wechat.phone(RENEWED, "phone-code-after", "13700137000");
		assertThat(this.a.getBean(AccessTokenProvider.class).getAccessToken(WeChat.APP_ID).value())
			.isEqualTo(REJECTED);
		int callers = 2 * CALLERS_PER_INSTANCE;
		// Every caller sends the rejected token before WeChat answers any of them.
		this.wechat.holdUntilAllArrive(WeChat.WXA_CODE, REJECTED, callers);

		List<byte[]> codes = callConcurrently(callers, (i) -> serviceOf(i)
			.getQrcodeService()
			.createWxaCodeUnlimitBytes("scene-" + i, null, false, "release", 430, false, null, false));

		assertThat(codes).hasSize(callers).allSatisfy((code) -> assertThat(code).isEqualTo(WeChat.PNG));
		assertThat(this.wechat.calls(WeChat.WXA_CODE, REJECTED)).as("callers that used the rejected token")
			.isEqualTo(callers);
		assertThat(this.wechat.calls(WeChat.WXA_CODE, RENEWED)).as("single retries").isEqualTo(callers);
		assertThat(this.wechat.stableTokenCalls()).as("the first fetch and one refetch").isEqualTo(2);

		// The starter's own calls use the renewed token too, without fetching again.
		assertThat(this.instances.loginAndBindPhone(this.b, "code-after", "phone-code-after"))
			.isEqualTo("13700137000");
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(2);
	}

	@Test
	void aRetryThatIsRejectedAgainIsNotRetriedAndItsTokenIsExpired() throws Exception {
		this.wechat.wxaCodeRejects(RENEWED);
		this.wechat.wxaCode(THIRD);
		WxMaService service = this.a.getBean(WxMaService.class);

		assertThatExceptionOfType(WxErrorException.class)
			.isThrownBy(() -> service.getQrcodeService()
				.createWxaCodeUnlimitBytes("scene-1", null, false, "release", 430, false, null, false))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(40001));
		assertThat(this.wechat.calls(WeChat.WXA_CODE)).as("the call and its single retry").isEqualTo(2);
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(2);

		byte[] code = this.b.getBean(WxMaService.class)
			.getQrcodeService()
			.createWxaCodeUnlimitBytes("scene-2", null, false, "release", 430, false, null, false);
		assertThat(code).isEqualTo(WeChat.PNG);
		assertThat(this.wechat.calls(WeChat.WXA_CODE, THIRD)).isEqualTo(1);
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(3);
	}

	private WxMaService serviceOf(int caller) {
		return ((caller % 2 == 0) ? this.a : this.b).getBean(WxMaService.class);
	}

	private static <T> List<T> callConcurrently(int callers, Call<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				int caller = i;
				Callable<T> task = () -> {
					start.await();
					return call.call(caller);
				};
				futures.add(executor.submit(task));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Call<T> {

		T call(int caller) throws Exception;

	}

}
