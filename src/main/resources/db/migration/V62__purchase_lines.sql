-- Earning by product (issue 16): the items of a purchase, the rule that applied to each and the points each was given
-- (on every definition Laurel masters), and how many units of each have been returned, so a return of some lines takes
-- back exactly the points those lines earned. A purchase sent without items has no rows here.
create table purchase_lines (
    program_id        text not null,
    order_id          text not null,
    line              integer not null check (line >= 0),
    sku               text not null check (length(sku) between 1 and 64),
    category          text check (category is null or length(category) between 1 and 64),
    quantity          bigint not null check (quantity > 0),
    amount            numeric(19, 4) not null check (amount >= 0),
    rule              text,
    points            bigint not null check (points >= 0),
    returned_quantity bigint not null default 0 check (returned_quantity >= 0 and returned_quantity <= quantity),
    primary key (program_id, order_id, line),
    unique (program_id, order_id, sku),
    foreign key (program_id, order_id) references purchases (program_id, order_id)
);
