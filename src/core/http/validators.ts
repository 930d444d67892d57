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
