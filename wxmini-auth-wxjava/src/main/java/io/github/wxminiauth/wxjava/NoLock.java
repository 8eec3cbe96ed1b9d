package io.github.wxminiauth.wxjava;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The lock WxJava takes around fetching and expiring an app's token, here always free: the
 * {@link io.github.wxminiauth.accesstoken.AccessTokenProvider} already lets one caller fetch at a
 * time (across the cluster on a shared cache) and expires only the token that failed, so a second,
 * in-process lock would only queue callers behind a fetch they share anyway.
 */
final class NoLock implements Lock {

	static final NoLock INSTANCE = new NoLock();

	private NoLock() {
	}

	@Override
	public void lock() {
	}

	@Override
	public void lockInterruptibly() {
	}

	@Override
	public boolean tryLock() {
		return true;
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) {
		return true;
	}

	@Override
	public void unlock() {
	}

	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("The access token lock of a SharedTokenWxMaConfig has no conditions");
	}

}
