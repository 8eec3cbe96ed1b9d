package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.api.impl.WxMaServiceImpl;
import cn.binarywang.wx.miniapp.config.WxMaConfig;
import io.github.wxminiauth.autoconfigure.WxMiniAutoConfiguration;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import io.github.wxminiauth.wxjava.SharedTokenWxMaConfig;
import io.github.wxminiauth.wxjava.SharedTokenWxMaService;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WxMiniWxJavaAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class,
				WxMiniWxJavaAutoConfiguration.class))
		.withPropertyValues("wxmini.jwt.secret=auto-configuration-test-secret-32-bytes");

	@Test
	void givesAWxMaServiceWithASharedTokenConfigPerApp() {
		this.runner
			.withPropertyValues("wxmini.apps.shop.app-id=wxshop", "wxmini.apps.shop.app-secret=shop-secret",
					"wxmini.apps.club.app-id=wxclub", "wxmini.apps.club.app-secret=club-secret",
					"wxmini.api-base-url=http://127.0.0.1:8089/")
			.run((context) -> {
				assertThat(context).hasSingleBean(WxMaService.class);
				WxMaService service = context.getBean(WxMaService.class);
				assertThat(service).isInstanceOf(SharedTokenWxMaService.class);
				for (String appId : new String[] { "wxshop", "wxclub" }) {
					WxMaConfig config = service.switchoverTo(appId).getWxMaConfig();
					assertThat(config).isInstanceOf(SharedTokenWxMaConfig.class);
					assertThat(config.getAppid()).isEqualTo(appId);
					assertThat(config.getSecret()).isEqualTo(appId.substring(2) + "-secret");
					assertThat(config.getApiHostUrl()).isEqualTo("http://127.0.0.1:8089");
					assertThat(config.isStableAccessToken()).isTrue();
				}
			});
	}

	@Test
	void withSeveralAppsAThreadThatSelectedNoneIsToldToSwitchOver() {
		this.runner
			.withPropertyValues("wxmini.apps.shop.app-id=wxshop", "wxmini.apps.shop.app-secret=shop-secret",
					"wxmini.apps.club.app-id=wxclub", "wxmini.apps.club.app-secret=club-secret")
			.run((context) -> {
				WxMaService service = context.getBean(WxMaService.class);
				CompletableFuture<String> onAnotherThread = CompletableFuture.supplyAsync(() -> {
					try {
						return service.getAccessToken();
					}
					catch (WxErrorException ex) {
						throw new IllegalStateException(ex);
					}
				});
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> onAnotherThread.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(IllegalStateException.class)
					.withMessageContaining("switchoverTo(appId)");
			});
	}

	@Test
	void isRegisteredAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(WxMiniWxJavaAutoConfiguration.class.getName());
	}

	@Test
	void pointsWxJavaAtWeChatByDefault() {
		this.runner.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret")
			.run((context) -> assertThat(context.getBean(WxMaService.class).getWxMaConfig().getEffectiveApiHostUrl())
				.isEqualTo("https://api.weixin.qq.com"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAWxMaService() {
		this.runner.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret")
			.withUserConfiguration(OwnWxMaService.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WxMaService.class);
				assertThat(context.getBean(WxMaService.class)).isNotInstanceOf(SharedTokenWxMaService.class);
			});
	}

	@Test
	void isAbsentWithoutWxJava() {
		this.runner.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret")
			.withClassLoader(new FilteredClassLoader(WxMaService.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SharedTokenWxMaService.class);
			});
	}

	@Test
	void followsAppsKeptByTheApplicationAsTheyAreAddedReKeyedAndRemoved() {
		AppTable table = new AppTable();
		table.put(new WxApp("shop", "wxshop", "shop-secret"));
		this.runner.withBean(WxAppSource.class, () -> table::apps).run((context) -> {
			WxMaService service = context.getBean(WxMaService.class);
			WxAppRegistry registry = context.getBean(WxAppRegistry.class);
			assertThat(service.switchoverTo("wxshop").getWxMaConfig().getSecret()).isEqualTo("shop-secret");
			assertThatExceptionOfType(WxRuntimeException.class).isThrownBy(() -> service.switchoverTo("wxclub"));

			table.put(new WxApp("club", "wxclub", "club-secret"));
			registry.reload();
			WxMaConfig club = service.switchoverTo("wxclub").getWxMaConfig();
			assertThat(club).isInstanceOf(SharedTokenWxMaConfig.class);
			assertThat(club.getAppid()).isEqualTo("wxclub");
			assertThat(club.getSecret()).isEqualTo("club-secret");

			table.put(new WxApp("club", "wxclub", "club-secret-2"));
			registry.reload();
			assertThat(service.switchoverTo("wxclub").getWxMaConfig().getSecret())
				.as("the new secret from the next call")
				.isEqualTo("club-secret-2");

			table.remove("wxclub");
			registry.reload();
			assertThatExceptionOfType(WxRuntimeException.class).isThrownBy(() -> service.switchoverTo("wxclub"));
			assertThat(service.switchover("wxclub")).isFalse();
			assertThatIllegalStateException().isThrownBy(club::getSecret);
			assertThat(service.switchover("wxshop")).isTrue();
		});
	}

	@Test
	void startsWithoutAnyAppWhenTheApplicationsTableIsEmpty() {
		AppTable table = new AppTable();
		this.runner.withBean(WxAppSource.class, () -> table::apps).run((context) -> {
			assertThat(context).hasNotFailed();
			WxMaService service = context.getBean(WxMaService.class);
			table.put(new WxApp("shop", "wxshop", "shop-secret"));
			context.getBean(WxAppRegistry.class).reload();
			assertThat(service.switchoverTo("wxshop").getWxMaConfig().getSecret()).isEqualTo("shop-secret");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWxMaService {

		@Bean
		WxMaService ownWxMaService() {
			return new WxMaServiceImpl();
		}

	}

	/**
	 * An application's table of mini programs.
	 */
	static final class AppTable {

		private final Map<String, WxApp> rows = new ConcurrentHashMap<>();

		void put(WxApp app) {
			this.rows.put(app.appId(), app);
		}

		void remove(String appId) {
			this.rows.remove(appId);
		}

		Collection<WxApp> apps() {
			return List.copyOf(this.rows.values());
		}

	}

}
