import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the user with its API token, shown only this once' })
  create(@Body() dto: CreateUserDto): Promise<UserView & { token: string }> {
    return this.users.create(dto);
  }
}
