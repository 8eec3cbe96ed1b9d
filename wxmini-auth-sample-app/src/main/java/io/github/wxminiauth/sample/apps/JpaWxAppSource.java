package io.github.wxminiauth.sample.apps;

import java.util.List;

import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppSource;

/**
 * The mini programs of the {@code mini_program} table, for the starter to serve next to the one
 * in {@code wxmini.app-id}. The starter asks again every
 * {@code wxmini.app-source.refresh-interval}, and at once when the admin endpoints change the
 * table.
 */
public class JpaWxAppSource implements WxAppSource {

	private final MiniProgramRepository repository;

	public JpaWxAppSource(MiniProgramRepository repository) {
		this.repository = repository;
	}

	@Override
	public List<WxApp> loadApps() {
		return this.repository.findAllByOrderByCreatedAtAscIdAsc()
			.stream()
			.map((row) -> new WxApp(row.getName(), row.getAppId(), row.getAppSecret(), row.getAccessTokenTtl(),
					row.getRefreshTokenTtl()))
			.toList();
	}

	@Override
	public String toString() {
		return "JpaWxAppSource[mini_program]";
	}

}
