import { UseInterceptors } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { LocationInterceptor, LocationOf } from './location';

class Other {
  intercept() {
    return undefined;
  }
}

describe('LocationOf', () => {
  it("binds its interceptor first of the route's, above or below another interceptor's decorator", () => {
    class Routes {
      @UseInterceptors(Other)
      @LocationOf(() => '/below')
      below() {}

      @LocationOf(() => '/above')
      @UseInterceptors(Other)
      above() {}
    }
    for (const handler of [Routes.prototype.below, Routes.prototype.above]) {
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, handler)).toEqual([LocationInterceptor, Other]);
    }
  });
});
