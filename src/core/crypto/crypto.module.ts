import { Global, Module } from '@nestjs/common';
import { PiiCipher } from './pii-cipher';

@Global()
@Module({ providers: [PiiCipher], exports: [PiiCipher] })
export class CryptoModule {}
