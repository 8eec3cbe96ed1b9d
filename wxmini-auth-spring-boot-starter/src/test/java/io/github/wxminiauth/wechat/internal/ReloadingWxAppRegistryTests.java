package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ReloadingWxAppRegistry} over an application's store of apps.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadingWxAppRegistryTests {

	private static final WxApp CONFIGURED = new WxApp("default", "wx-configured", "configured-secret");

	private final TableOfApps table = new TableOfApps();

	private final ReloadingWxAppRegistry registry = new ReloadingWxAppRegistry(List.of(CONFIGURED), this.table,
			Duration.ofHours(1));

	@AfterEach
	void stop() {
		this.registry.stop();
	}

	@Test
	void servesTheConfiguredAppsAndThoseOfTheSource() {
		this.table.rows.add(new WxApp("shop", "wx-shop", "shop-secret"));
		this.registry.start();
		assertThat(this.registry.apps()).extracting(WxApp::appId).containsExactly("wx-configured", "wx-shop");
		assertThat(this.registry.find("wx-shop").appSecret()).isEqualTo("shop-secret");
		assertThat(this.registry.resolve(null)).as("two apps: a login must name one").isNull();
		assertThat(this.registry.isSingleApp()).isFalse();
	}

	@Test
	void changesHoldFromTheReloadOnAndLookupsNeverAskTheSource() {
		this.registry.start();
		int loadsAtStart = this.table.loads.get();
		assertThat(this.registry.find("wx-shop")).isNull();

		this.table.rows.add(new WxApp("shop", "wx-shop", "shop-secret"));
		for (int i = 0; i < 100; i++) {
			this.registry.find("wx-shop");
			this.registry.find("wx-configured");
		}
		assertThat(this.table.loads.get()).isEqualTo(loadsAtStart);
		assertThat(this.registry.find("wx-shop")).as("not before a reload").isNull();

		this.registry.reload();
		assertThat(this.registry.find("wx-shop").appSecret()).isEqualTo("shop-secret");

		this.table.rows.set(0, this.table.rows.get(0).withSecret("shop-secret-2"));
		this.registry.reload();
		assertThat(this.registry.find("wx-shop").appSecret()).isEqualTo("shop-secret-2");

		this.table.rows.clear();
		this.registry.reload();
		assertThat(this.registry.find("wx-shop")).isNull();
		assertThat(this.registry.find("wx-configured")).isEqualTo(CONFIGURED);
	}

	@Test
	void aFailingSourceLeavesTheAppsLoadedLastInUse(CapturedOutput output) {
		this.table.rows.add(new WxApp("shop", "wx-shop", "shop-secret-MUST-NOT-LEAK"));
		this.registry.start();
		this.table.failing = true;

		assertThatIllegalStateException().isThrownBy(this.registry::reload).withMessage("database down");
		assertThat(this.registry.find("wx-shop")).isNotNull();
		assertThat(output).doesNotContain("shop-secret-MUST-NOT-LEAK");
	}

	@Test
	void aSourceAppCannotReplaceAConfiguredOneAndTheFirstOfAnAppIdWins(CapturedOutput output) {
		this.table.rows.add(new WxApp("impostor", "wx-configured", "other-secret"));
		this.table.rows.add(new WxApp("shop", "wx-shop", "first"));
		this.table.rows.add(new WxApp("shop-again", "wx-shop", "shop-secret-two"));
		this.registry.start();

		assertThat(this.registry.find("wx-configured")).isEqualTo(CONFIGURED);
		assertThat(this.registry.find("wx-shop").appSecret()).isEqualTo("first");
		assertThat(output).contains("Ignoring a second mini program with app-id wx-configured")
			.contains("Ignoring a second mini program with app-id wx-shop")
			.doesNotContain("other-secret")
			.doesNotContain("shop-secret-two");
	}

	@Test
	void aLookupBeforeStartLoadsOnce() {
		this.table.rows.add(new WxApp("shop", "wx-shop", "shop-secret"));
		assertThat(this.registry.find("wx-shop")).isNotNull();
		this.registry.find("wx-shop");
		assertThat(this.table.loads.get()).isEqualTo(1);
	}

	@Test
	void aStartedRegistryReloadsInTheBackgroundEveryInterval() {
		ReloadingWxAppRegistry often = new ReloadingWxAppRegistry(List.of(), this.table, Duration.ofMillis(50));
		often.start();
		try {
			assertThat(often.apps()).isEmpty();
			this.table.rows.add(new WxApp("shop", "wx-shop", "shop-secret"));
			assertThat(Eventually.holds(() -> often.find("wx-shop") != null, Duration.ofSeconds(5))).isTrue();
		}
		finally {
			often.stop();
		}
		assertThat(often.isRunning()).isFalse();
	}

	@Test
	void theStaticRegistryRefusesAnAppIdTwiceAndResolvesItsOnlyApp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WxAppRegistry.of(CONFIGURED, new WxApp("again", "wx-configured", "x")));
		WxAppRegistry single = WxAppRegistry.of(CONFIGURED);
		assertThat(single.resolve(null)).isEqualTo(CONFIGURED);
		assertThat(single.resolve("wx-configured")).isEqualTo(CONFIGURED);
		assertThat(single.resolve("wx-other")).isNull();
		single.reload();
		assertThat(single.apps()).containsExactly(CONFIGURED);
	}

	@Test
	void anAppPrintsNoSecret() {
		assertThat(new WxApp("shop", "wx-shop", "shop-secret", Duration.ofMinutes(5), null).toString())
			.doesNotContain("shop-secret")
			.contains("wx-shop", "PT5M");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WxApp("shop", "wx-shop", "shop-secret", Duration.ZERO, null));
	}

	/** An application's table of apps. */
	static final class TableOfApps implements WxAppSource {

		final List<WxApp> rows = new ArrayList<>();

		final AtomicInteger loads = new AtomicInteger();

		volatile boolean failing;

		@Override
		public synchronized List<WxApp> loadApps() {
			this.loads.incrementAndGet();
			if (this.failing) {
				throw new IllegalStateException("database down");
			}
			return List.copyOf(this.rows);
		}

	}

}
