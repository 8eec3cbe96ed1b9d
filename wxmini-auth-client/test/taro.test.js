'use strict';

// The client's behaviour with the taro host (see test-support/client-suite.js).

require('../test-support/client-suite').defineClientSuite('taro');
