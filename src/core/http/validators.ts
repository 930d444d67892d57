import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isBusinessDate, isPeriod } from '../clock/business-date';

@ValidatorConstraint({ name: 'isBusinessDate' })
export class IsBusinessDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isBusinessDate(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a real calendar date written YYYY-MM-DD`;
  }
}

@ValidatorConstraint({ name: 'isPeriod' })
export class IsPeriod implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isPeriod(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a month written YYYY-MM`;
  }
}

/**
 * At most two decimals, for scores. class-validator's maxDecimalPlaces throws on
 * numbers JavaScript writes in exponent form (1e-7), which made a 500.
 */
@ValidatorConstraint({ name: 'hasAtMostTwoDecimals' })
export class HasAtMostTwoDecimals implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a number with at most two decimals`;
  }
}
