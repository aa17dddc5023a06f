CREATE MIGRATION m1i3lx4zkoyghcxsad5gikr7dpl46ul44fh3ajunmp2ovvx7mpmqza
    ONTO m1vtiyczi6t6vft5lvghu2qkfkq65fy73ot7p5a272agdcd3km3qxa
{
  CREATE TYPE default::WebhookEndpoint {
      CREATE REQUIRED LINK owner: default::User {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY created_at: std::datetime;
      CREATE INDEX ON ((.owner, .created_at));
      CREATE REQUIRED PROPERTY public_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY secret: std::str;
      CREATE REQUIRED PROPERTY url: std::str;
  };
  CREATE TYPE default::WebhookDelivery {
      CREATE LINK endpoint: default::WebhookEndpoint {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY created_at: std::datetime;
      CREATE INDEX ON ((.endpoint, .created_at));
      CREATE PROPERTY next_attempt_at: std::datetime;
      CREATE REQUIRED PROPERTY status: std::str;
      CREATE INDEX ON ((.status, .next_attempt_at));
      CREATE REQUIRED PROPERTY attempts: std::json;
      CREATE REQUIRED PROPERTY event_id: std::str;
      CREATE REQUIRED PROPERTY event_type: std::str;
      CREATE REQUIRED PROPERTY lecture_id: std::str;
      CREATE REQUIRED PROPERTY payload: std::str;
      CREATE REQUIRED PROPERTY public_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY url: std::str;
  };
};
